package org.fedomics.consent.api;

/**
 * The answer to a redeemed enrollment code: the sign-in id the patient uses from now on (with
 * their passphrase), and a session for right now.
 */
public record NewAccount(String signInId, PatientSession session) {
}
