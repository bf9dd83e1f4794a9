package org.fedomics.consent.ledger;

import java.util.List;
import java.util.Objects;

/**
 * One leaf of a patient's, with what proves it: its index, its data, the event body whose SHA-256
 * the data holds (exactly as stored, UTF-8 JSON), and its inclusion proof in a tree of some size.
 */
public record LedgerEntry(long leafIndex, LeafData leafData, String body, List<Hash> inclusionProof) {
    public LedgerEntry {
        if (leafIndex < 0) {
            throw new IllegalArgumentException("leafIndex must not be negative, was " + leafIndex);
        }
        Objects.requireNonNull(leafData, "leafData");
        Objects.requireNonNull(body, "body");
        inclusionProof = List.copyOf(inclusionProof);
    }
}
