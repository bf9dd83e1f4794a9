package org.fedomics.consent.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fedomics.consent.ledger.Rfc6962ReferenceTreeTest.verifies;

import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/**
 * Properties of the log and verifier over random tree sizes: every inclusion and consistency
 * proof the log gives verifies against its roots, every mutation of one fails, and a log whose
 * history was rewritten cannot prove that it extends the original.
 */
class MerkleLogPropertyTest {
    private static final int MAX_SIZE = 3000;
    /** One log shared by every try: a prefix of it is the log at any smaller size. */
    private static final InMemoryMerkleLog LOG = logOf(MAX_SIZE, -1);

    record Leaf(long index, long size) {
    }

    record Sizes(long size1, long size2) {
    }

    @Provide
    Arbitrary<Leaf> leaves() {
        return Arbitraries.longs().between(1, MAX_SIZE).flatMap(size ->
                Arbitraries.longs().between(0, size - 1).map(index -> new Leaf(index, size)));
    }

    @Provide
    Arbitrary<Sizes> sizePairs() {
        return Arbitraries.longs().between(0, MAX_SIZE).flatMap(size2 ->
                Arbitraries.longs().between(0, size2).map(size1 -> new Sizes(size1, size2)));
    }

    @Property(tries = 300)
    void everyInclusionProof_verifies(@ForAll("leaves") Leaf leaf) throws Exception {
        List<Hash> proof = LOG.inclusionProof(leaf.index(), leaf.size());

        Rfc6962Verifier.verifyInclusion(leaf.index(), leaf.size(), leafHash(leaf.index()), proof, LOG.root(leaf.size()));
    }

    @Property(tries = 100)
    void everyMutatedInclusionProof_fails(@ForAll("leaves") Leaf leaf) {
        var valid = new ProofMutations.Inclusion("valid", leaf.index(), leaf.size(), leafHash(leaf.index()),
                LOG.inclusionProof(leaf.index(), leaf.size()), LOG.root(leaf.size()));

        for (ProofMutations.Inclusion bad : ProofMutations.of(valid)) {
            assertThat(verifies(() -> Rfc6962Verifier.verifyInclusion(bad.index(), bad.size(), bad.leafHash(), bad.proof(), bad.root())))
                    .as("%s of leaf %d in %d", bad.what(), leaf.index(), leaf.size()).isFalse();
        }
    }

    @Property(tries = 300)
    void everyConsistencyProof_verifies(@ForAll("sizePairs") Sizes sizes) throws Exception {
        List<Hash> proof = LOG.consistencyProof(sizes.size1(), sizes.size2());

        Rfc6962Verifier.verifyConsistency(sizes.size1(), sizes.size2(), proof, LOG.root(sizes.size1()), LOG.root(sizes.size2()));
    }

    @Property(tries = 100)
    void everyMutatedConsistencyProof_fails(@ForAll("sizePairs") Sizes sizes) {
        List<Hash> proof = LOG.consistencyProof(sizes.size1(), sizes.size2());
        if (proof.isEmpty()) {
            return;
        }
        var valid = new ProofMutations.Consistency("valid", sizes.size1(), sizes.size2(), proof, LOG.root(sizes.size1()),
                LOG.root(sizes.size2()));

        for (ProofMutations.Consistency bad : ProofMutations.of(valid)) {
            assertThat(verifies(() -> Rfc6962Verifier.verifyConsistency(bad.size1(), bad.size2(), bad.proof(), bad.root1(), bad.root2())))
                    .as("%s from %d to %d", bad.what(), sizes.size1(), sizes.size2()).isFalse();
        }
    }

    @Property(tries = 60)
    void rewrittenHistory_cannotProveItExtendsTheOriginal(@ForAll("sizePairs") Sizes sizes,
                                                         @ForAll @LongRange(min = 0, max = MAX_SIZE) long at) {
        if (sizes.size1() == 0 || at >= sizes.size1()) {
            return;
        }
        InMemoryMerkleLog rewritten = logOf(sizes.size2(), at);

        List<Hash> proof = rewritten.consistencyProof(sizes.size1(), sizes.size2());

        assertThat(verifies(() -> Rfc6962Verifier.verifyConsistency(sizes.size1(), sizes.size2(), proof, LOG.root(sizes.size1()),
                rewritten.root(sizes.size2())))).as("leaf %d rewritten", at).isFalse();
    }

    /** A log of {@code size} numbered leaves; the leaf at {@code rewrittenAt} (if any) says something else. */
    static InMemoryMerkleLog logOf(long size, long rewrittenAt) {
        InMemoryMerkleLog log = new InMemoryMerkleLog();
        for (long i = 0; i < size; i++) {
            log.append(leafData(i == rewrittenAt ? -1 - i : i));
        }
        return log;
    }

    static byte[] leafData(long i) {
        return ByteBuffer.allocate(Long.BYTES).putLong(i).array();
    }

    static Hash leafHash(long i) {
        return Rfc6962.hashLeaf(leafData(i));
    }
}
