package org.fedomics.consent.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The right edge of a log: the hashes of the complete subtrees that make up its leaves (one per
 * set bit of its size, widest first). That is all an append needs: the new leaf merges with the
 * subtrees it completes, and the root is their fold. A writer loads it once per transaction.
 */
public final class Frontier {
    private final List<Hash> subtrees;
    private long size;

    private Frontier(long size, List<Hash> subtrees) {
        this.size = size;
        this.subtrees = subtrees;
    }

    public static Frontier empty() {
        return new Frontier(0, new ArrayList<>());
    }

    /** The nodes to read to rebuild the frontier of a log of {@code size} leaves, in order. */
    public static List<NodeId> nodesOf(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative, was " + size);
        }
        return ProofPlans.perfectNodes(0, size);
    }

    /** The frontier of a log of {@code size} leaves from the hashes of {@link #nodesOf(long)}, in that order. */
    public static Frontier of(long size, List<Hash> subtrees) {
        Objects.requireNonNull(subtrees, "subtrees");
        if (size < 0 || subtrees.size() != Long.bitCount(size)) {
            throw new IllegalArgumentException("a log of " + size + " leaves has " + Long.bitCount(Math.max(size, 0))
                    + " frontier subtrees, not " + subtrees.size());
        }
        return new Frontier(size, new ArrayList<>(subtrees));
    }

    public long size() {
        return size;
    }

    /**
     * Appends a leaf: returns the nodes to store, the leaf itself (level 0) first and then every
     * subtree it completes, bottom up.
     */
    public List<Node> append(Hash leafHash) {
        Objects.requireNonNull(leafHash, "leafHash");
        if (size == Long.MAX_VALUE >> 1) {
            throw new IllegalStateException("the log is full");
        }
        long index = size;
        List<Node> created = new ArrayList<>(2);
        Hash hash = leafHash;
        created.add(new Node(new NodeId(0, index), hash));
        int level = 0;
        // A set bit at this level means a complete subtree of that width waits on the left to be paired.
        while (((index >>> level) & 1) == 1) {
            hash = Rfc6962.hashChildren(subtrees.remove(subtrees.size() - 1), hash);
            level++;
            created.add(new Node(new NodeId(level, index >>> level), hash));
        }
        subtrees.add(hash);
        size++;
        return created;
    }

    /** The root hash of the log as it stands. */
    public Hash root() {
        return subtrees.isEmpty() ? Rfc6962.EMPTY_ROOT : MerkleTree.foldSubtrees(subtrees);
    }
}
