package org.fedomics.consent.api;

/**
 * A patient signs in for the first time with the one-time code from their hospital and chooses
 * the passphrase for later sign-ins.
 */
public record RedeemRequest(String enrollmentCode, String passphrase) {
    @Override
    public String toString() {
        return "RedeemRequest[enrollmentCode=redacted, passphrase=redacted]";
    }
}
