package org.fedomics.consent.api;

/**
 * The ledger's tree head as signed by the consent service: the C2SP checkpoint text (origin,
 * size, base64 root, each line ending in a newline) and its compact JWS (ES256, header
 * {@code typ} "fedomics-tree-head+jws", payload exactly the checkpoint text). {@code origin},
 * {@code treeSize} and {@code rootHash} repeat the checkpoint's lines for convenience; only what
 * the JWS signs counts.
 */
public record TreeHeadView(String origin, long treeSize, String rootHash, String checkpoint, String jws) {
}
