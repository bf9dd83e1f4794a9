package org.fedomics.consent.store;

/**
 * A patient's account: the pseudonym it speaks for and the sign-in id the patient types, written
 * as shown to them ({@code 7K3M-QF2X-9ABD}).
 */
public record PatientAccount(String pseudonym, String signInId) {
    public PatientAccount {
        if (pseudonym == null || pseudonym.isBlank()) {
            throw new IllegalArgumentException("pseudonym must not be blank");
        }
        if (signInId == null || signInId.isBlank()) {
            throw new IllegalArgumentException("signInId must not be blank");
        }
    }
}
