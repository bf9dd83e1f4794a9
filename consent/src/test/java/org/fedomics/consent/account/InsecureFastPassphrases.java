package org.fedomics.consent.account;

import java.security.SecureRandom;

/**
 * Argon2id at the smallest cost BouncyCastle accepts (64 KiB, one pass), so tests that open many
 * accounts run fast. Deliberately weak: test code only.
 */
public final class InsecureFastPassphrases {
    public static final Argon2idCost INSECURE_COST = new Argon2idCost(64, 1, 1);

    private InsecureFastPassphrases() {
    }

    public static Argon2idPassphrases create() {
        return new Argon2idPassphrases(INSECURE_COST, new SecureRandom());
    }
}
