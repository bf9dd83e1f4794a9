package org.fedomics.consent.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which stored nodes a proof is made of, and what it costs to read them. The tree of 7 leaves is
 * the one drawn in RFC 9162 section 2.1.5 (a..j as in transparency-dev/merkle's proof tests):
 * leaves a..g; h = (a,b), i = (c,d), j = (e,f); k = (h,i); the whole tree (k, (j, g)).
 */
class MerkleTreeTest {
    private static final NodeId A = new NodeId(0, 0);
    private static final NodeId B = new NodeId(0, 1);
    private static final NodeId C = new NodeId(0, 2);
    private static final NodeId D = new NodeId(0, 3);
    private static final NodeId E = new NodeId(0, 4);
    private static final NodeId G = new NodeId(0, 6);
    private static final NodeId H = new NodeId(1, 0);
    private static final NodeId I = new NodeId(1, 1);
    private static final NodeId J = new NodeId(1, 2);
    private static final NodeId K = new NodeId(2, 0);

    @Test
    void inclusionPlan_ofLeafAInSeven_isB_I_thenJAndGFolded() {
        assertThat(nodesOf(ProofPlans.inclusion(0, 7))).containsExactly(List.of(B), List.of(I), List.of(J, G));
    }

    @Test
    void inclusionPlan_ofLeafGInSeven_isJ_K() {
        assertThat(nodesOf(ProofPlans.inclusion(6, 7))).containsExactly(List.of(J), List.of(K));
    }

    @Test
    void consistencyPlan_fromThreeToSeven_isC_D_H_thenJAndGFolded() {
        assertThat(nodesOf(ProofPlans.consistency(3, 7))).containsExactly(List.of(C), List.of(D), List.of(H), List.of(J, G));
    }

    @Test
    void consistencyPlan_fromFourToSeven_isJAndGFolded() {
        assertThat(nodesOf(ProofPlans.consistency(4, 7))).containsExactly(List.of(J, G));
    }

    @Test
    void consistencyPlan_fromFiveToSeven_isE_F_G_K() {
        assertThat(nodesOf(ProofPlans.consistency(5, 7)))
                .containsExactly(List.of(E), List.of(new NodeId(0, 5)), List.of(G), List.of(K));
    }

    @Test
    void plans_outsideTheTree_areRefused() {
        assertThatThrownBy(() -> ProofPlans.inclusion(7, 7)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProofPlans.inclusion(-1, 7)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProofPlans.consistency(8, 7)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProofPlans.perfectNodes(1, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not aligned");
        assertThat(ProofPlans.consistency(0, 7)).isEmpty();
        assertThat(ProofPlans.consistency(7, 7)).isEmpty();
    }

    @Test
    void everyProof_ofALargeLog_readsOneBatchOfAtMostTwiceLogNNodes() {
        InMemoryMerkleLog log = MerkleLogPropertyTest.logOf(100_003, -1);
        List<Integer> batches = new ArrayList<>();
        MerkleTree tree = new MerkleTree(ids -> {
            batches.add(ids.size());
            return log.read(ids);
        });
        int bound = 2 * (64 - Long.numberOfLeadingZeros(100_003));

        for (long index : List.of(0L, 1L, 65_535L, 65_536L, 99_999L, 100_002L)) {
            batches.clear();
            tree.inclusionProof(index, 100_003);
            assertThat(batches).as("leaf %d", index).hasSize(1);
            assertThat(batches.get(0)).as("leaf %d", index).isLessThanOrEqualTo(bound);
        }
        batches.clear();
        tree.consistencyProof(70_001, 100_003);
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0)).isLessThanOrEqualTo(bound);
    }

    @Test
    void inclusionProofs_ofManyLeaves_areTheSingleProofs_readInOneBatch() {
        InMemoryMerkleLog log = MerkleLogPropertyTest.logOf(1000, -1);
        List<Set<NodeId>> batches = new ArrayList<>();
        MerkleTree tree = new MerkleTree(ids -> {
            batches.add(new HashSet<>(ids));
            return log.read(ids);
        });

        Map<Long, List<Hash>> proofs = tree.inclusionProofs(List.of(3L, 500L, 999L), 1000);

        assertThat(batches).hasSize(1);
        assertThat(proofs).containsOnlyKeys(3L, 500L, 999L);
        proofs.forEach((index, proof) -> assertThat(proof).isEqualTo(log.inclusionProof(index, 1000)));
    }

    @Test
    void missingNode_isAnErrorNamingIt_notAWrongProof() {
        MerkleTree tree = new MerkleTree(ids -> Map.of());

        assertThatThrownBy(() -> tree.root(3)).isInstanceOf(IllegalStateException.class).hasMessageContaining("missing");
    }

    @Test
    void frontier_afterEveryAppend_hasTheLogsRoot_andStoresEachCompletedSubtreeOnce() {
        InMemoryMerkleLog log = new InMemoryMerkleLog();
        Frontier frontier = Frontier.empty();
        Set<NodeId> stored = new HashSet<>();
        for (long i = 0; i < 300; i++) {
            Hash leaf = MerkleLogPropertyTest.leafHash(i);
            log.appendLeafHash(leaf);
            for (Node node : frontier.append(leaf)) {
                assertThat(stored.add(node.id())).as("%s stored twice", node.id()).isTrue();
                assertThat(log.read(Set.of(node.id()))).containsEntry(node.id(), node.hash());
            }
            assertThat(frontier.root()).isEqualTo(log.root(i + 1));
        }
        // floor(n / 2^l) complete subtrees at each level l: 2n - popcount(n) in all.
        assertThat(stored).hasSize(2 * 300 - Long.bitCount(300));
    }

    @Test
    void frontier_rebuiltFromStoredNodes_continuesTheSameLog() {
        InMemoryMerkleLog log = MerkleLogPropertyTest.logOf(77, -1);
        List<NodeId> ids = Frontier.nodesOf(77);
        Map<NodeId, Hash> nodes = log.read(Set.copyOf(ids));
        Frontier rebuilt = Frontier.of(77, ids.stream().map(nodes::get).toList());

        rebuilt.append(MerkleLogPropertyTest.leafHash(77));
        log.append(MerkleLogPropertyTest.leafData(77));

        assertThat(rebuilt.root()).isEqualTo(log.root(78));
        assertThatThrownBy(() -> Frontier.of(77, List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4 frontier subtrees");
    }

    private static List<List<NodeId>> nodesOf(List<ProofPlans.Range> plan) {
        return plan.stream().map(r -> ProofPlans.perfectNodes(r.begin(), r.end())).toList();
    }
}
