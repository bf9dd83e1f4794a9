package org.fedomics.consent.store;

/**
 * A new patient's pseudonym and the one-time code the hospital hands to the patient. The code is
 * a secret: it is never stored in clear and never printed.
 */
public record Enrollment(String pseudonym, String hospital, String enrollmentCode) {
    public Enrollment {
        if (pseudonym == null || pseudonym.isBlank()) {
            throw new IllegalArgumentException("pseudonym must not be blank");
        }
        if (hospital == null || hospital.isBlank()) {
            throw new IllegalArgumentException("hospital must not be blank");
        }
        if (enrollmentCode == null || enrollmentCode.isBlank()) {
            throw new IllegalArgumentException("enrollmentCode must not be blank");
        }
    }

    @Override
    public String toString() {
        return "Enrollment[pseudonym=" + pseudonym + ", hospital=" + hospital + ", enrollmentCode=(hidden)]";
    }
}
