package org.fedomics.consent.ledger;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Exactly 32 bytes: a SHA-256 digest (leaf, node and root hashes, the hash of an event body) or
 * an HMAC-SHA256 tag (a pseudonym commitment). Immutable; its bytes are copied in and out.
 */
public final class Hash {
    public static final int LENGTH = 32;
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private Hash(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A copy of {@code bytes}, which must be exactly 32 long. */
    public static Hash of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        requireLength(bytes.length);
        return new Hash(bytes.clone());
    }

    /** Takes ownership of a digest just computed here, without copying it. */
    static Hash wrap(byte[] digest) {
        requireLength(digest.length);
        return new Hash(digest);
    }

    /**
     * Parses standard base64 with padding (RFC 4648 section 4), as the API writes hashes. Only the
     * one canonical text of 32 bytes is accepted: no missing padding, no line breaks, no trailing bytes.
     */
    public static Hash fromBase64(String text) {
        Objects.requireNonNull(text, "text");
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64: " + e.getMessage());
        }
        requireLength(decoded.length);
        if (!Base64.getEncoder().encodeToString(decoded).equals(text)) {
            throw new IllegalArgumentException("not canonical base64 (44 characters ending in '=')");
        }
        return new Hash(decoded);
    }

    /** Parses 64 hex digits (either case). */
    public static Hash fromHex(String hex) {
        Objects.requireNonNull(hex, "hex");
        byte[] decoded;
        try {
            decoded = HEX.parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not hex: " + e.getMessage());
        }
        requireLength(decoded.length);
        return new Hash(decoded);
    }

    private static void requireLength(int length) {
        if (length != LENGTH) {
            throw new IllegalArgumentException("a hash has " + LENGTH + " bytes, not " + length);
        }
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String base64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    public String hex() {
        return HEX.formatHex(bytes);
    }

    /** Feeds the bytes to a digest or MAC input without copying them. */
    void feed(MessageDigest digest) {
        digest.update(bytes);
    }

    void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, LENGTH);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Hash h && MessageDigest.isEqual(bytes, h.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
