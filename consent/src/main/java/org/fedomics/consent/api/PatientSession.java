package org.fedomics.consent.api;

/** A patient's bearer token for the consent API, and the pseudonym it speaks for. */
public record PatientSession(String pseudonym, String token, String expiresAt) {
    @Override
    public String toString() {
        return "PatientSession[pseudonym=" + pseudonym + ", token=redacted, expiresAt=" + expiresAt + "]";
    }
}
