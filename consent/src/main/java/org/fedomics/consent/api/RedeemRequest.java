package org.fedomics.consent.api;

/** A patient signs in for the first time with the one-time code from their hospital. */
public record RedeemRequest(String enrollmentCode) {
    @Override
    public String toString() {
        return "RedeemRequest[enrollmentCode=redacted]";
    }
}
