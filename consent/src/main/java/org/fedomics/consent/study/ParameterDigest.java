package org.fedomics.consent.study;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 that names a model everywhere: over its canonical wire encoding. */
public final class ParameterDigest {
    private ParameterDigest() {
    }

    public static String sha256(ParameterBlocks blocks) {
        return sha256(blocks.encode());
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
