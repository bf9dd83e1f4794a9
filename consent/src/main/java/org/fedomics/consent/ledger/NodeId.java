package org.fedomics.consent.ledger;

/**
 * A complete subtree of the log: node {@code (level, index)} is the Merkle tree hash of the
 * {@code 2^level} leaves starting at leaf {@code index * 2^level}. Level 0 nodes are the leaves.
 */
public record NodeId(int level, long index) {
    public NodeId {
        if (level < 0 || level > 62) {
            throw new IllegalArgumentException("level must be 0..62, was " + level);
        }
        if (index < 0 || index > (Long.MAX_VALUE >> level)) {
            throw new IllegalArgumentException("index " + index + " at level " + level + " is outside the tree");
        }
    }

    /** The first leaf this node covers. */
    public long firstLeaf() {
        return index << level;
    }

    /** How many leaves it covers. */
    public long width() {
        return 1L << level;
    }
}
