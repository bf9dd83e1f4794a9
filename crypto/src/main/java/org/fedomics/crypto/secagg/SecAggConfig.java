package org.fedomics.crypto.secagg;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Objects;
import org.fedomics.crypto.pki.ParticipantIdentity;
import org.fedomics.crypto.pki.Role;

/**
 * Public parameters every party agrees on before a session.
 *
 * @param sessionLabel binds study, round and purpose, e.g. {@code "study-ab12/round-3/model"}; 1 to
 *     200 printable ASCII characters
 * @param roster the nodes that may take part: distinct participant names, sorted; a node's Shamir
 *     evaluation point is its index in the roster plus one
 * @param threshold how many nodes must remain at every stage, and how many shares reconstruct a
 *     secret: at least 2, at most the roster size, and more than half of it, so that a coordinator
 *     that tells different nodes different stories about who dropped can never collect both secrets
 *     of one node (each honest node reveals only one of them, and 2 x threshold exceeds the roster)
 * @param vectorLength the number of elements each node sums, 1 to {@value #MAX_VECTOR_LENGTH}
 * @param modulusBits k: inputs and the sum live in Z_(2^k), {@value #MIN_MODULUS_BITS} to
 *     {@value #MAX_MODULUS_BITS}
 */
public record SecAggConfig(String sessionLabel, List<String> roster, int threshold, int vectorLength, int modulusBits) {

    public static final int MIN_MODULUS_BITS = 8;
    public static final int MAX_MODULUS_BITS = 62;
    public static final int MAX_ROSTER = 1000;
    public static final int MAX_VECTOR_LENGTH = 1 << 27;
    static final int MAX_LABEL = 200;

    public SecAggConfig {
        Objects.requireNonNull(sessionLabel, "sessionLabel");
        Objects.requireNonNull(roster, "roster");
        if (sessionLabel.isEmpty() || sessionLabel.length() > MAX_LABEL
                || !sessionLabel.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException("session label must be 1.." + MAX_LABEL + " printable ASCII characters");
        }
        roster = List.copyOf(roster);
        if (roster.size() < 2 || roster.size() > MAX_ROSTER) {
            throw new IllegalArgumentException("roster must name 2.." + MAX_ROSTER + " nodes, got " + roster.size());
        }
        for (int i = 0; i < roster.size(); i++) {
            String name = roster.get(i);
            new ParticipantIdentity(Role.NODE, name);
            if (i > 0 && roster.get(i - 1).compareTo(name) >= 0) {
                throw new IllegalArgumentException("roster must be sorted and without repeats: '" + roster.get(i - 1)
                        + "' comes before '" + name + "'");
            }
        }
        if (threshold < 2 || threshold > roster.size()) {
            throw new IllegalArgumentException("threshold " + threshold + " must be between 2 and the roster size " + roster.size());
        }
        if (2L * threshold <= roster.size()) {
            throw new IllegalArgumentException("threshold " + threshold + " must be more than half the roster size " + roster.size());
        }
        if (vectorLength < 1 || vectorLength > MAX_VECTOR_LENGTH) {
            throw new IllegalArgumentException("vector length " + vectorLength + " must be 1.." + MAX_VECTOR_LENGTH);
        }
        if (modulusBits < MIN_MODULUS_BITS || modulusBits > MAX_MODULUS_BITS) {
            throw new IllegalArgumentException("modulus bits " + modulusBits + " must be " + MIN_MODULUS_BITS + ".." + MAX_MODULUS_BITS);
        }
    }

    /** The roster index of {@code node}, or -1. */
    int indexOf(String node) {
        int index = java.util.Collections.binarySearch(roster, node);
        return index >= 0 ? index : -1;
    }

    /** Bytes per element of a masked input: ceil(k / 8). */
    int bytesPerElement() {
        return (modulusBits + 7) / 8;
    }

    /** 2^k - 1: reduces mod 2^k. */
    long modulusMask() {
        return (1L << modulusBits) - 1;
    }

    /** SHA-256 over every field, so that messages of one session never verify in another. */
    byte[] digest() {
        WireWriter writer = new WireWriter(64 + 16 * roster.size()).string("fedomics-secagg-config-v1").string(sessionLabel)
                .u32(roster.size());
        roster.forEach(writer::string);
        writer.u32(threshold).u32(vectorLength).u8(modulusBits);
        return sha256(writer.toByteArray());
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
