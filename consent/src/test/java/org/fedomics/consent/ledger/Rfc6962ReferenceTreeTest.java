package org.fedomics.consent.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The RFC 6962 reference tree of the certificate-transparency test suites (8 leaves; source named
 * in the resource): our log must produce exactly the published roots and proofs, our verifier
 * must accept them, and every mutation of them must fail.
 */
class Rfc6962ReferenceTreeTest {
    private static JsonNode vectors;
    private static InMemoryMerkleLog log;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = Rfc6962ReferenceTreeTest.class.getResourceAsStream("rfc6962-reference-tree.json")) {
            vectors = new ObjectMapper().readTree(in);
        }
        log = new InMemoryMerkleLog();
        for (JsonNode leaf : vectors.get("leaves")) {
            log.append(HexFormat.of().parseHex(leaf.asText()));
        }
    }

    static Stream<JsonNode> roots() throws IOException {
        load();
        return stream(vectors.get("roots"));
    }

    static Stream<JsonNode> inclusionProofs() throws IOException {
        load();
        return stream(vectors.get("inclusionProofs"));
    }

    static Stream<JsonNode> consistencyProofs() throws IOException {
        load();
        return stream(vectors.get("consistencyProofs"));
    }

    @Test
    void emptyTree_root_isSha256OfNothing() {
        assertThat(Rfc6962.EMPTY_ROOT.hex()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(new InMemoryMerkleLog().root(0)).isEqualTo(Rfc6962.EMPTY_ROOT);
    }

    @ParameterizedTest(name = "size {0}")
    @MethodSource("roots")
    void everySize_root_isThePublishedOne(JsonNode vector) {
        long size = vector.get("size").asLong();
        Hash expected = Hash.fromHex(vector.get("root").asText());

        assertThat(log.root(size)).isEqualTo(expected);
        assertThat(prefixLog(size).root()).as("the frontier's root").isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inclusionProofs")
    void inclusionProof_isThePublishedOne_verifies_andNoMutationVerifies(JsonNode vector) {
        long index = vector.get("leafIndex").asLong();
        long size = vector.get("treeSize").asLong();
        List<Hash> published = hashes(vector.get("proof"));
        Hash leafHash = Rfc6962.hashLeaf(HexFormat.of().parseHex(vectors.get("leaves").get((int) index).asText()));
        Hash root = log.root(size);

        assertThat(log.inclusionProof(index, size)).isEqualTo(published);
        assertThat(verifies(() -> Rfc6962Verifier.verifyInclusion(index, size, leafHash, published, root))).isTrue();
        var valid = new ProofMutations.Inclusion("valid", index, size, leafHash, published, root);
        for (ProofMutations.Inclusion bad : ProofMutations.of(valid)) {
            assertThat(verifies(() -> Rfc6962Verifier.verifyInclusion(bad.index(), bad.size(), bad.leafHash(), bad.proof(), bad.root())))
                    .as(bad.what()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("consistencyProofs")
    void consistencyProof_isThePublishedOne_verifies_andNoMutationVerifies(JsonNode vector) {
        long size1 = vector.get("size1").asLong();
        long size2 = vector.get("size2").asLong();
        List<Hash> published = hashes(vector.get("proof"));
        Hash root1 = log.root(size1);
        Hash root2 = log.root(size2);

        assertThat(log.consistencyProof(size1, size2)).isEqualTo(published);
        assertThat(verifies(() -> Rfc6962Verifier.verifyConsistency(size1, size2, published, root1, root2))).isTrue();
        if (published.isEmpty()) {
            return;
        }
        var valid = new ProofMutations.Consistency("valid", size1, size2, published, root1, root2);
        for (ProofMutations.Consistency bad : ProofMutations.of(valid)) {
            assertThat(verifies(() -> Rfc6962Verifier.verifyConsistency(bad.size1(), bad.size2(), bad.proof(), bad.root1(), bad.root2())))
                    .as(bad.what()).isFalse();
        }
    }

    @Test
    void everyPairOfSizes_consistencyProof_verifiesAgainstThePublishedRoots() throws Exception {
        for (long size1 = 0; size1 <= 8; size1++) {
            for (long size2 = size1; size2 <= 8; size2++) {
                Rfc6962Verifier.verifyConsistency(size1, size2, log.consistencyProof(size1, size2), log.root(size1), log.root(size2));
            }
        }
    }

    @Test
    void inclusionProof_ofALeafNotInTheTree_isRefusedByTheLog() {
        assertThatThrownBy(() -> log.inclusionProof(8, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> log.inclusionProof(0, 9)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8 leaves");
        assertThatThrownBy(() -> log.inclusionProof(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static InMemoryMerkleLog prefixLog(long size) {
        InMemoryMerkleLog prefix = new InMemoryMerkleLog();
        for (int i = 0; i < size; i++) {
            prefix.append(HexFormat.of().parseHex(vectors.get("leaves").get(i).asText()));
        }
        return prefix;
    }

    private static List<Hash> hashes(JsonNode array) {
        List<Hash> out = new ArrayList<>();
        array.forEach(h -> out.add(Hash.fromHex(h.asText())));
        return out;
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out.stream();
    }

    interface Check {
        void run() throws InvalidProofException;
    }

    static boolean verifies(Check check) {
        try {
            check.run();
            return true;
        } catch (InvalidProofException e) {
            return false;
        }
    }
}
