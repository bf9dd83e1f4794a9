package org.fedomics.consent.store;

import java.time.Instant;

/** What the account store says when a sign-in begins. */
public sealed interface SignInAttempt {
    /** No account has this sign-in id. */
    record Unknown() implements SignInAttempt {
    }

    /** Too many recent failures: no passphrase is checked before {@code until}. */
    record Blocked(Instant until) implements SignInAttempt {
    }

    /**
     * The attempt is counted as a failure until {@link JdbcPatientAccounts#signInSucceeded} says
     * otherwise; check the passphrase against {@code passphraseHash}.
     */
    record Proceed(PatientAccount account, String passphraseHash) implements SignInAttempt {
        @Override
        public String toString() {
            return "Proceed[account=" + account + ", passphraseHash=(hidden)]";
        }
    }
}
