package org.fedomics.consent.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Random pseudonyms, enrollment codes and sign-in ids in Crockford's base32 (no I, L, O, U, so a code read
 * aloud or typed by a patient is hard to get wrong), and the hash under which a code is stored.
 */
final class EnrollmentCodes {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private final SecureRandom random;

    EnrollmentCodes(SecureRandom random) {
        this.random = random;
    }

    /** "P-" and 16 symbols: 80 random bits. */
    String newPseudonym() {
        return "P-" + symbols(16);
    }

    /** Four dash-separated groups of four symbols: 80 random bits. */
    String newCode() {
        return symbols(4) + "-" + symbols(4) + "-" + symbols(4) + "-" + symbols(4);
    }

    /** Three dash-separated groups of four symbols: 60 random bits, an identifier rather than a secret. */
    String newSignInId() {
        return symbols(4) + "-" + symbols(4) + "-" + symbols(4);
    }

    private String symbols(int count) {
        StringBuilder out = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            out.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return out.toString();
    }

    /** Upper case, without spaces or dashes, with the look-alikes I, L and O read as 1, 1 and 0. */
    static String normalize(String code) {
        StringBuilder out = new StringBuilder(code.length());
        for (char c : code.toUpperCase(Locale.ROOT).toCharArray()) {
            switch (c) {
                case '-', ' ', '\t' -> { }
                case 'I', 'L' -> out.append('1');
                case 'O' -> out.append('0');
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Hex SHA-256 of the normalized code: what the database keeps instead of the code. */
    static String hash(String code) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(normalize(code).getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
