package org.fedomics.consent.api;

/** A patient signs in with the sign-in id they were shown at enrollment and their passphrase. */
public record SignInRequest(String signInId, String passphrase) {
    @Override
    public String toString() {
        return "SignInRequest[signInId=" + signInId + ", passphrase=redacted]";
    }
}
