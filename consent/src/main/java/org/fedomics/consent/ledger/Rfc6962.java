package org.fedomics.consent.ledger;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * The hashing of RFC 6962 (and RFC 9162 section 2.1) with SHA-256: a leaf hashes as
 * SHA-256(0x00 || data) and an interior node as SHA-256(0x01 || left || right), so a leaf can never
 * pass for a node; the empty tree's root is SHA-256 of nothing.
 */
public final class Rfc6962 {
    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;
    /** Digests are not thread-safe and cost an allocation to create: one per thread, reset before use. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Rfc6962::newSha256);

    /** The root hash of a tree with no leaves. */
    public static final Hash EMPTY_ROOT = sha256(new byte[0]);

    private Rfc6962() {
    }

    public static Hash hashLeaf(byte[] data) {
        Objects.requireNonNull(data, "data");
        MessageDigest digest = digest();
        digest.update(LEAF_PREFIX);
        digest.update(data);
        return Hash.wrap(digest.digest());
    }

    public static Hash hashChildren(Hash left, Hash right) {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
        MessageDigest digest = digest();
        digest.update(NODE_PREFIX);
        left.feed(digest);
        right.feed(digest);
        return Hash.wrap(digest.digest());
    }

    /** Plain SHA-256, e.g. of an event body. */
    public static Hash sha256(byte[] data) {
        Objects.requireNonNull(data, "data");
        MessageDigest digest = digest();
        return Hash.wrap(digest.digest(data));
    }

    private static MessageDigest digest() {
        MessageDigest digest = SHA256.get();
        digest.reset();
        return digest;
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
