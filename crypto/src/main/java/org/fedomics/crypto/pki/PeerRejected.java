package org.fedomics.crypto.pki;

/**
 * A TLS peer was not acceptable for this endpoint. The message is safe to log and to map to a
 * 403 answer: it names roles and participant names only, never key material.
 */
public final class PeerRejected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PeerRejected(String message) {
        super(message);
    }

    public PeerRejected(String message, Throwable cause) {
        super(message, cause);
    }
}
