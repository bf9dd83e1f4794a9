package org.fedomics.consent.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fedomics.consent.ledger.Rfc6962ReferenceTreeTest.verifies;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verifier's edge cases, and the reasons it gives. */
class Rfc6962VerifierTest {
    private static final InMemoryMerkleLog LOG = MerkleLogPropertyTest.logOf(13, -1);
    private static final Hash SOME = Rfc6962.sha256("some".getBytes(StandardCharsets.US_ASCII));

    @Test
    void indexOutsideTheTree_orEmptyTree_neverVerifies() {
        for (long[] indexAndSize : new long[][] {{0, 0}, {1, 0}, {1, 1}, {2, 1}, {-1, 5}}) {
            long index = indexAndSize[0];
            long size = indexAndSize[1];
            assertThat(verifies(() -> Rfc6962Verifier.verifyInclusion(index, size, SOME, List.of(), SOME)))
                    .as("leaf %d of %d", index, size).isFalse();
            assertThat(verifies(() -> Rfc6962Verifier.verifyInclusion(index, size, SOME, List.of(), Rfc6962.EMPTY_ROOT)))
                    .as("leaf %d of %d against the empty root", index, size).isFalse();
        }
    }

    @Test
    void singleLeafTree_rootIsTheLeafHash_andItsProofIsEmpty() throws Exception {
        Hash leaf = Rfc6962.hashLeaf("data".getBytes(StandardCharsets.US_ASCII));

        Rfc6962Verifier.verifyInclusion(0, 1, leaf, List.of(), leaf);
        assertThat(verifies(() -> Rfc6962Verifier.verifyInclusion(0, 1, leaf, List.of(leaf), leaf))).isFalse();
        assertThat(verifies(() -> Rfc6962Verifier.verifyInclusion(0, 1, leaf, List.of(), SOME))).isFalse();
    }

    @Test
    void inclusionProof_withATrailingHash_isRefusedAsTooLong() {
        List<Hash> proof = ProofMutations.with(LOG.inclusionProof(5, 13), 4, SOME);

        assertThatThrownBy(() -> Rfc6962Verifier.verifyInclusion(5, 13, MerkleLogPropertyTest.leafHash(5), proof, LOG.root(13)))
                .isInstanceOf(InvalidProofException.class).hasMessageContaining("has 5 hashes").hasMessageContaining("needs 4");
    }

    @Test
    void inclusionProof_missingItsLastHash_isRefusedAsTooShort() {
        List<Hash> proof = LOG.inclusionProof(5, 13).subList(0, 3);

        assertThatThrownBy(() -> Rfc6962Verifier.verifyInclusion(5, 13, MerkleLogPropertyTest.leafHash(5), proof, LOG.root(13)))
                .isInstanceOf(InvalidProofException.class).hasMessageContaining("too few");
    }

    @Test
    void proofHash_withTrailingBytes_cannotEvenBeRead() {
        byte[] longer = new byte[Hash.LENGTH + 1];
        String encoded = Base64.getEncoder().encodeToString(longer);

        assertThatThrownBy(() -> Hash.of(longer)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not 33");
        assertThatThrownBy(() -> Hash.fromBase64(encoded)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not 33");
        assertThatThrownBy(() -> Hash.fromHex(SOME.hex() + "00")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hash.fromBase64(SOME.base64() + "AA==")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hash.fromBase64(SOME.base64().replace("=", ""))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("canonical");
        assertThat(Hash.fromBase64(SOME.base64())).isEqualTo(SOME);
    }

    @Test
    void consistency_betweenEqualSizes_needsEqualRootsAndAnEmptyProof() throws Exception {
        Rfc6962Verifier.verifyConsistency(7, 7, List.of(), LOG.root(7), LOG.root(7));

        assertThatThrownBy(() -> Rfc6962Verifier.verifyConsistency(7, 7, List.of(), LOG.root(7), SOME))
                .isInstanceOf(InvalidProofException.class).hasMessageContaining("forked");
        assertThat(verifies(() -> Rfc6962Verifier.verifyConsistency(7, 7, List.of(SOME), LOG.root(7), LOG.root(7)))).isFalse();
    }

    @Test
    void consistency_fromTheEmptyTree_needsTheEmptyRootAndAnEmptyProof() throws Exception {
        Rfc6962Verifier.verifyConsistency(0, 13, List.of(), Rfc6962.EMPTY_ROOT, LOG.root(13));
        Rfc6962Verifier.verifyConsistency(0, 0, List.of(), Rfc6962.EMPTY_ROOT, Rfc6962.EMPTY_ROOT);

        assertThat(verifies(() -> Rfc6962Verifier.verifyConsistency(0, 13, List.of(), SOME, LOG.root(13)))).isFalse();
        assertThat(verifies(() -> Rfc6962Verifier.verifyConsistency(0, 13, List.of(Rfc6962.EMPTY_ROOT), Rfc6962.EMPTY_ROOT,
                LOG.root(13)))).isFalse();
    }

    @Test
    void consistency_backwards_orWithAnEmptyProofWhereOneIsNeeded_fails() {
        assertThatThrownBy(() -> Rfc6962Verifier.verifyConsistency(2, 1, List.of(), LOG.root(2), LOG.root(1)))
                .isInstanceOf(InvalidProofException.class).hasMessageContaining("never shrinks");
        assertThatThrownBy(() -> Rfc6962Verifier.verifyConsistency(1, 2, List.of(), LOG.root(1), LOG.root(2)))
                .isInstanceOf(InvalidProofException.class).hasMessageContaining("is empty");
    }

    @Test
    void everyProofOfEveryTreeUpTo64Leaves_verifies_andEveryStructuralMutationFails() throws Exception {
        InMemoryMerkleLog log = MerkleLogPropertyTest.logOf(64, -1);
        for (long n = 1; n <= 64; n++) {
            for (long i = 0; i < n; i++) {
                var valid = new ProofMutations.Inclusion("valid", i, n, MerkleLogPropertyTest.leafHash(i), log.inclusionProof(i, n),
                        log.root(n));
                Rfc6962Verifier.verifyInclusion(i, n, valid.leafHash(), valid.proof(), valid.root());
                for (ProofMutations.Inclusion bad : structural(ProofMutations.of(valid), ProofMutations.Inclusion::what)) {
                    assertThat(verifies(() -> Rfc6962Verifier.verifyInclusion(bad.index(), bad.size(), bad.leafHash(), bad.proof(),
                            bad.root()))).as("%s of leaf %d in %d", bad.what(), i, n).isFalse();
                }
            }
            for (long m = 1; m < n; m++) {
                var valid = new ProofMutations.Consistency("valid", m, n, log.consistencyProof(m, n), log.root(m), log.root(n));
                Rfc6962Verifier.verifyConsistency(m, n, valid.proof(), valid.root1(), valid.root2());
                for (ProofMutations.Consistency bad : structural(ProofMutations.of(valid), ProofMutations.Consistency::what)) {
                    assertThat(verifies(() -> Rfc6962Verifier.verifyConsistency(bad.size1(), bad.size2(), bad.proof(), bad.root1(),
                            bad.root2()))).as("%s from %d to %d", bad.what(), m, n).isFalse();
                }
            }
        }
    }

    /** All but the bit flips, which the property tests sample (every bit of every proof here would take minutes). */
    private static <T> List<T> structural(List<T> mutations, java.util.function.Function<T, String> what) {
        return mutations.stream().filter(m -> !what.apply(m).equals("flipped bit")).toList();
    }

    @Test
    void rewrittenHistory_consistencyProofOfTheNewLog_failsAgainstTheOldHead() {
        InMemoryMerkleLog rewritten = MerkleLogPropertyTest.logOf(13, 2);
        List<Hash> proof = rewritten.consistencyProof(6, 13);

        assertThatThrownBy(() -> Rfc6962Verifier.verifyConsistency(6, 13, proof, LOG.root(6), rewritten.root(13)))
                .isInstanceOf(InvalidProofException.class).hasMessageContaining("root of size 6");
        assertThat(verifies(() -> Rfc6962Verifier.verifyConsistency(6, 13, proof, rewritten.root(6), rewritten.root(13))))
                .as("control: the proof is a good proof of the rewritten log").isTrue();
    }

    @Test
    void rewrittenHistory_afterTheOldHead_isAnAppendAndVerifies() throws Exception {
        InMemoryMerkleLog extended = MerkleLogPropertyTest.logOf(13, 9);

        Rfc6962Verifier.verifyConsistency(6, 13, extended.consistencyProof(6, 13), LOG.root(6), extended.root(13));
    }
}
