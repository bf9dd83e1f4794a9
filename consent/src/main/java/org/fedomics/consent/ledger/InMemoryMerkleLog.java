package org.fedomics.consent.ledger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An RFC 6962 log held in memory, level by level: every complete subtree's hash in a packed
 * column per level (32 bytes per node, no object per node), so ten million leaves take about
 * 640 MB. The reference the database-backed log is tested against, and the benchmark's
 * ten-million-leaf log. Not thread-safe.
 */
public final class InMemoryMerkleLog implements NodeReader {
    private final List<HashColumn> levels = new ArrayList<>();
    private final Frontier frontier = Frontier.empty();
    private final MerkleTree tree = new MerkleTree(this);

    /** Appends a leaf's data and returns its index. */
    public long append(byte[] leafData) {
        return appendLeafHash(Rfc6962.hashLeaf(leafData));
    }

    /** Appends a leaf by its hash and returns its index. */
    public long appendLeafHash(Hash leafHash) {
        long index = frontier.size();
        for (Node node : frontier.append(leafHash)) {
            while (levels.size() <= node.id().level()) {
                levels.add(new HashColumn());
            }
            levels.get(node.id().level()).add(node.hash());
        }
        return index;
    }

    public long size() {
        return frontier.size();
    }

    /** The root of the whole log, from the frontier (no reads). */
    public Hash root() {
        return frontier.root();
    }

    public Hash root(long size) {
        requireReached(size);
        return tree.root(size);
    }

    public List<Hash> inclusionProof(long index, long size) {
        requireReached(size);
        return tree.inclusionProof(index, size);
    }

    public List<Hash> consistencyProof(long size1, long size2) {
        requireReached(size2);
        return tree.consistencyProof(size1, size2);
    }

    @Override
    public Map<NodeId, Hash> read(Set<NodeId> ids) {
        Map<NodeId, Hash> found = new HashMap<>();
        for (NodeId id : ids) {
            if (id.level() < levels.size() && id.index() < levels.get(id.level()).size()) {
                found.put(id, levels.get(id.level()).get(id.index()));
            }
        }
        return found;
    }

    private void requireReached(long size) {
        if (size > frontier.size()) {
            throw new IllegalArgumentException("the log has " + frontier.size() + " leaves, not " + size);
        }
    }

    /** A growable column of 32-byte hashes in 1 MiB chunks. */
    private static final class HashColumn {
        private static final int CHUNK_SHIFT = 15;
        private static final int PER_CHUNK = 1 << CHUNK_SHIFT;
        private final List<byte[]> chunks = new ArrayList<>();
        private long size;

        void add(Hash hash) {
            int offset = (int) (size & (PER_CHUNK - 1));
            if (offset == 0) {
                chunks.add(new byte[PER_CHUNK * Hash.LENGTH]);
            }
            hash.copyTo(chunks.get(chunks.size() - 1), offset * Hash.LENGTH);
            size++;
        }

        Hash get(long index) {
            byte[] chunk = chunks.get((int) (index >>> CHUNK_SHIFT));
            int offset = (int) (index & (PER_CHUNK - 1)) * Hash.LENGTH;
            return Hash.wrap(java.util.Arrays.copyOfRange(chunk, offset, offset + Hash.LENGTH));
        }

        long size() {
            return size;
        }
    }
}
