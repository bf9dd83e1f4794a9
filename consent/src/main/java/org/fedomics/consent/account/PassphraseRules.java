package org.fedomics.consent.account;

import java.text.Normalizer;
import java.util.Optional;

/**
 * What a new passphrase must be (NIST SP 800-63B: a minimum length, a generous maximum, any
 * characters, no composition rules). Length is counted in characters as a person sees them, after
 * the same normalization the hash applies.
 */
public final class PassphraseRules {
    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 256;

    private PassphraseRules() {
    }

    /** Why {@code passphrase} cannot be used, or empty if it can. */
    public static Optional<String> problemWith(String passphrase) {
        if (passphrase == null || passphrase.isEmpty()) {
            return Optional.of("passphrase is required");
        }
        String normalized = Normalizer.normalize(passphrase, Normalizer.Form.NFKC);
        int length = normalized.codePointCount(0, normalized.length());
        if (length < MIN_LENGTH) {
            return Optional.of("passphrase must be at least " + MIN_LENGTH + " characters long");
        }
        if (length > MAX_LENGTH) {
            return Optional.of("passphrase must be at most " + MAX_LENGTH + " characters long");
        }
        if (normalized.isBlank()) {
            return Optional.of("passphrase must not be only spaces");
        }
        return Optional.empty();
    }
}
