package org.fedomics.crypto.secagg;

import com.google.crypto.tink.subtle.Hkdf;
import java.security.GeneralSecurityException;

/**
 * Every symmetric key of a session, from HKDF-SHA256 with the session id as salt and an info
 * string naming the purpose and the parties, so that no key repeats across purposes, pairs,
 * directions, rounds or studies.
 */
final class KeySchedule {

    static final int KEY_BYTES = 32;
    static final int SESSION_ID_BYTES = 32;

    private KeySchedule() {
    }

    /** AES-256-GCM key for the shares {@code sender} encrypts for {@code recipient} (one key per direction). */
    static byte[] shareKey(byte[] sharedSecret, byte[] sessionId, String sender, String recipient) {
        return derive(sharedSecret, sessionId, new WireWriter(64).string("fedomics-secagg share key v1")
                .string(sender).string(recipient).toByteArray());
    }

    /** AES-256-CTR key of the mask two nodes share; the same for both, whatever the order of the names. */
    static byte[] pairwiseMaskKey(byte[] sharedSecret, byte[] sessionId, String nodeA, String nodeB) {
        String low = nodeA.compareTo(nodeB) < 0 ? nodeA : nodeB;
        String high = low.equals(nodeA) ? nodeB : nodeA;
        return derive(sharedSecret, sessionId, new WireWriter(64).string("fedomics-secagg pairwise mask v1")
                .string(low).string(high).toByteArray());
    }

    /** AES-256-CTR key of a node's self mask, from its seed b_u. */
    static byte[] selfMaskKey(byte[] seed, byte[] sessionId, String owner) {
        return derive(seed, sessionId, new WireWriter(64).string("fedomics-secagg self mask v1")
                .string(owner).toByteArray());
    }

    private static byte[] derive(byte[] inputKey, byte[] sessionId, byte[] info) {
        if (sessionId.length != SESSION_ID_BYTES) {
            throw new IllegalArgumentException("session id must be 32 bytes");
        }
        try {
            return Hkdf.computeHkdf("HMACSHA256", inputKey, sessionId, info, KEY_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF-SHA256 unavailable", e);
        }
    }
}
