package org.fedomics.consent.ledger;

import java.util.Objects;

/** A complete subtree's position and its hash. */
public record Node(NodeId id, Hash hash) {
    public Node {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(hash, "hash");
    }
}
