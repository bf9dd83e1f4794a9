package org.fedomics.consent.ledger;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Root hashes and proofs of an RFC 6962 log whose complete subtrees a {@link NodeReader} keeps.
 * Each answer costs one batch read of O(log n) nodes: a proof's hashes are stored nodes, except
 * at most one per proof that is folded from the O(log n) complete subtrees it spans.
 *
 * <p>Sizes are not checked against the log: callers ask only for sizes the log has reached.
 */
public final class MerkleTree {
    private final NodeReader nodes;

    public MerkleTree(NodeReader nodes) {
        this.nodes = Objects.requireNonNull(nodes, "nodes");
    }

    /** The Merkle tree hash of the first {@code size} leaves. */
    public Hash root(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative, was " + size);
        }
        if (size == 0) {
            return Rfc6962.EMPTY_ROOT;
        }
        List<NodeId> parts = ProofPlans.perfectNodes(0, size);
        Map<NodeId, Hash> known = read(new HashSet<>(parts));
        return foldSubtrees(parts.stream().map(known::get).toList());
    }

    /** The audit path of leaf {@code index} in the tree of the first {@code size} leaves, leaf side first. */
    public List<Hash> inclusionProof(long index, long size) {
        return inclusionProofs(List.of(index), size).get(index);
    }

    /** Audit paths of several leaves against one tree size, with a single read. */
    public Map<Long, List<Hash>> inclusionProofs(Collection<Long> indices, long size) {
        Map<Long, List<ProofPlans.Range>> plans = new LinkedHashMap<>();
        for (long index : indices) {
            plans.put(index, ProofPlans.inclusion(index, size));
        }
        Map<NodeId, Hash> known = read(nodesOf(plans.values()));
        Map<Long, List<Hash>> proofs = new LinkedHashMap<>();
        plans.forEach((index, plan) -> proofs.put(index, resolve(plan, known)));
        return proofs;
    }

    /** The proof that the tree of {@code size2} leaves extends the tree of {@code size1} leaves. */
    public List<Hash> consistencyProof(long size1, long size2) {
        List<ProofPlans.Range> plan = ProofPlans.consistency(size1, size2);
        return resolve(plan, read(nodesOf(List.of(plan))));
    }

    private static Set<NodeId> nodesOf(Collection<List<ProofPlans.Range>> plans) {
        Set<NodeId> ids = new HashSet<>();
        for (List<ProofPlans.Range> plan : plans) {
            for (ProofPlans.Range range : plan) {
                ids.addAll(ProofPlans.perfectNodes(range.begin(), range.end()));
            }
        }
        return ids;
    }

    private Map<NodeId, Hash> read(Set<NodeId> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<NodeId, Hash> found = nodes.read(ids);
        for (NodeId id : ids) {
            if (!found.containsKey(id)) {
                throw new IllegalStateException("the log's node " + id + " is missing");
            }
        }
        return found;
    }

    private static List<Hash> resolve(List<ProofPlans.Range> plan, Map<NodeId, Hash> known) {
        return plan.stream()
                .map(range -> foldSubtrees(ProofPlans.perfectNodes(range.begin(), range.end()).stream().map(known::get).toList()))
                .toList();
    }

    /**
     * The hash of a run of complete subtrees, widest first: RFC 6962 splits such a range after its
     * first subtree, so the hash is node(first, node(second, ... node(second-last, last))).
     */
    static Hash foldSubtrees(List<Hash> subtrees) {
        Hash hash = subtrees.get(subtrees.size() - 1);
        for (int i = subtrees.size() - 2; i >= 0; i--) {
            hash = Rfc6962.hashChildren(subtrees.get(i), hash);
        }
        return hash;
    }
}
