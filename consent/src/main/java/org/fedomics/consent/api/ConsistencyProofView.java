package org.fedomics.consent.api;

import java.util.List;

/** The proof (base64 hashes, RFC 9162 order) that the tree of {@code toSize} leaves extends the tree of {@code fromSize}. */
public record ConsistencyProofView(long fromSize, long toSize, List<String> proof) {
    public ConsistencyProofView {
        proof = List.copyOf(proof);
    }
}
