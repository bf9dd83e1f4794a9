package org.fedomics.consent.ledger;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A tree head in the C2SP checkpoint text form: the log's origin, its size in decimal and its
 * root hash in base64, one per line, each ending in a newline. This text is what the consent
 * service signs (as JWS, see {@link TreeHeadSigner}) in place of the checkpoint's note signature.
 */
public record Checkpoint(String origin, long size, Hash root) {
    private static final Pattern ORIGIN = Pattern.compile("[\\x21-\\x2A\\x2C-\\x7E]{1,200}");
    private static final Pattern SIZE = Pattern.compile("0|[1-9][0-9]{0,18}");

    public Checkpoint {
        requireOrigin(origin);
        Objects.requireNonNull(root, "root");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative, was " + size);
        }
    }

    /** Returns a valid origin: 1-200 printable ASCII characters without spaces or '+' (C2SP's advice). */
    public static String requireOrigin(String origin) {
        Objects.requireNonNull(origin, "origin");
        if (!ORIGIN.matcher(origin).matches()) {
            throw new IllegalArgumentException("origin must be 1-200 printable ASCII characters without spaces or '+'");
        }
        return origin;
    }

    public String text() {
        return origin + "\n" + size + "\n" + root.base64() + "\n";
    }

    /**
     * Reads the text form back: exactly three newline-terminated lines (no extension lines), the
     * size without sign or leading zeros, the root as canonical base64 of 32 bytes.
     */
    public static Checkpoint parse(String text) {
        Objects.requireNonNull(text, "text");
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("a checkpoint ends with a newline");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length != 3) {
            throw new IllegalArgumentException("a checkpoint has 3 lines (origin, size, root hash), this has " + lines.length);
        }
        if (!SIZE.matcher(lines[1]).matches()) {
            throw new IllegalArgumentException("checkpoint size '" + lines[1] + "' is not a decimal number");
        }
        long size;
        try {
            size = Long.parseLong(lines[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("checkpoint size '" + lines[1] + "' is too large");
        }
        Hash root;
        try {
            root = Hash.fromBase64(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("checkpoint root hash: " + e.getMessage());
        }
        return new Checkpoint(lines[0], size, root);
    }
}
