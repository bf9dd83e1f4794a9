package org.fedomics.consent.ledger;

import java.util.Map;
import java.util.Set;

/** Where a log's complete subtrees are kept (memory, a database): read in one batch per proof. */
@FunctionalInterface
public interface NodeReader {
    /**
     * The hashes of these nodes; every one asked for is answered.
     *
     * @throws IllegalStateException if a node that should exist is missing (the store is damaged)
     */
    Map<NodeId, Hash> read(Set<NodeId> ids);
}
