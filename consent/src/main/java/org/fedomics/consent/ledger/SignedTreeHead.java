package org.fedomics.consent.ledger;

import java.util.Objects;

/** A checkpoint and its compact JWS (whose payload is exactly the checkpoint's text). */
public record SignedTreeHead(Checkpoint checkpoint, String jws) {
    /** The JWS header {@code typ} of a signed tree head. */
    public static final String TYPE = "fedomics-tree-head+jws";

    public SignedTreeHead {
        Objects.requireNonNull(checkpoint, "checkpoint");
        if (jws == null || jws.isBlank()) {
            throw new IllegalArgumentException("jws must not be blank");
        }
    }
}
