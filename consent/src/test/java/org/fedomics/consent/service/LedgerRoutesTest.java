package org.fedomics.consent.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fedomics.consent.service.ConsentServer.ALL;
import static org.fedomics.consent.service.ConsentServer.BREAST_CANCER;
import static org.fedomics.consent.service.ConsentServer.DS;
import static org.fedomics.consent.service.ConsentServer.LEUKEMIA;
import static org.fedomics.consent.service.ConsentServer.bearer;
import static org.fedomics.consent.service.ConsentServer.diseaseSpecific;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.ECKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.fedomics.consent.api.ConsistencyProofView;
import org.fedomics.consent.api.LedgerEntryView;
import org.fedomics.consent.api.LedgerKeyView;
import org.fedomics.consent.api.PatientLedgerView;
import org.fedomics.consent.api.PatientSession;
import org.fedomics.consent.api.SnapshotRequest;
import org.fedomics.consent.api.TreeHeadView;
import org.fedomics.consent.api.UseReport;
import org.fedomics.consent.ledger.Checkpoint;
import org.fedomics.consent.ledger.CommitmentKey;
import org.fedomics.consent.ledger.Hash;
import org.fedomics.consent.ledger.LeafData;
import org.fedomics.consent.ledger.Rfc6962;
import org.fedomics.consent.ledger.Rfc6962Verifier;
import org.fedomics.consent.ledger.TreeHeadVerifier;
import org.fedomics.consent.service.ConsentServer.Reply;
import org.fedomics.consent.study.DeclaredUse;
import org.fedomics.consent.web.ApiClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger over HTTPS as a patient's portal and an auditor use it: signed heads that verify
 * with the consent service's certificate, a patient's own entries whose proofs, bodies and
 * commitments all check out, consistency proofs between heads, and nothing of anyone else's.
 */
class LedgerRoutesTest {
    private static final String STUDY = "all-relapse";
    private static final DeclaredUse ALL_STUDY = new DeclaredUse(DS, List.of(ALL), false, true, true, "Test University", null);
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    ConsentServer server;
    PatientSession a;
    PatientSession b;

    @BeforeEach
    void start() {
        server = new ConsentServer(dir);
        a = server.newPatient(server.hospitalA);
        b = server.newPatient(server.hospitalA);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void head_isSignedByTheConsentService_andSaysWhatItsFieldsSay() throws Exception {
        server.choose(a, diseaseSpecific(LEUKEMIA));

        TreeHeadView head = head();

        Checkpoint verified = TreeHeadVerifier.forCertificate(server.consent.certificate()).verify(head.jws());
        assertThat(verified.size()).isEqualTo(1).isEqualTo(head.treeSize());
        assertThat(verified.root().base64()).isEqualTo(head.rootHash());
        assertThat(verified.origin()).isEqualTo("fedomics/consent/ledger").isEqualTo(head.origin());
        assertThat(verified.text()).isEqualTo(head.checkpoint());
    }

    @Test
    void head_isSignedOncePerSize_andEachNewHeadExtendsTheLast() throws Exception {
        TreeHeadView empty = head();
        server.choose(a, diseaseSpecific(LEUKEMIA));
        server.choose(b, diseaseSpecific(BREAST_CANCER));
        TreeHeadView second = head();
        TreeHeadView again = head();
        server.choose(a, diseaseSpecific(ALL));
        TreeHeadView third = head();

        assertThat(empty.treeSize()).isZero();
        assertThat(empty.rootHash()).isEqualTo(Rfc6962.EMPTY_ROOT.base64());
        assertThat(again.jws()).as("no second signature for the same size").isEqualTo(second.jws());
        for (TreeHeadView[] pair : new TreeHeadView[][] {{empty, second}, {second, third}, {empty, third}}) {
            ConsistencyProofView proof = server.get(server.patientClient(),
                    "/api/v1/ledger/consistency?from=" + pair[0].treeSize() + "&to=" + pair[1].treeSize(), Map.of())
                    .as(ConsistencyProofView.class);
            Rfc6962Verifier.verifyConsistency(pair[0].treeSize(), pair[1].treeSize(), hashes(proof.proof()),
                    Hash.fromBase64(pair[0].rootHash()), Hash.fromBase64(pair[1].rootHash()));
        }
    }

    @Test
    void patientLedger_showsEachChangeAndUse_withProofsBodiesAndCommitmentsThatAllCheckOut() throws Exception {
        server.choose(a, diseaseSpecific(LEUKEMIA));
        server.choose(b, diseaseSpecific(BREAST_CANCER));
        ApiClient hospitalA = server.node(server.hospitalA);
        hospitalA.postJson("/node/v1/snapshots", new SnapshotRequest(STUDY, 1, ALL_STUDY, List.of(a.pseudonym(), b.pseudonym())),
                Map.of()).await();
        hospitalA.postJson("/node/v1/uses", new UseReport(STUDY, 1, List.of(a.pseudonym())), Map.of()).await();
        server.choose(a, ConsentServer.optedOut(diseaseSpecific(LEUKEMIA)));

        PatientLedgerView mine = ledger(a, "");

        assertThat(mine.pseudonym()).isEqualTo(a.pseudonym());
        assertThat(mine.treeSize()).isEqualTo(4);
        assertThat(mine.entries()).extracting(LedgerEntryView::leafIndex).containsExactly(0L, 2L, 3L);
        List<JsonNode> bodies = verifiedBodies(mine, a);
        assertThat(bodies).extracting(body -> body.get("type").asText()).containsExactly("consent-change", "use", "consent-change");
        assertThat(bodies.get(1).get("studyId").asText()).isEqualTo(STUDY);
        assertThat(bodies.get(1).get("hospital").asText()).isEqualTo("hospital-a");
        assertThat(bodies.get(1).get("decision").asText()).isEqualTo("PERMIT");
        assertThat(bodies.get(1).get("purpose").get("purpose").asText()).isEqualTo(DS);
        assertThat(bodies.get(2).get("optedOut").asBoolean()).isTrue();
        assertThat(mine.signedHead()).isNotNull();
        assertThat(TreeHeadVerifier.forCertificate(server.consent.certificate()).verify(mine.signedHead().jws()).root().base64())
                .isEqualTo(mine.rootHash());
    }

    @Test
    void patientLedger_atAnEarlierSize_provesAgainstThatHead() throws Exception {
        server.choose(a, diseaseSpecific(LEUKEMIA));
        TreeHeadView first = head();
        server.choose(a, diseaseSpecific(ALL));
        server.choose(b, diseaseSpecific(ALL));

        PatientLedgerView then = ledger(a, "?treeSize=" + first.treeSize());
        PatientLedgerView unsignedSize = ledger(a, "?treeSize=2");

        assertThat(then.treeSize()).isEqualTo(1);
        assertThat(then.rootHash()).isEqualTo(first.rootHash());
        assertThat(then.signedHead().jws()).isEqualTo(first.jws());
        assertThat(then.entries()).extracting(LedgerEntryView::leafIndex).containsExactly(0L);
        verifiedBodies(then, a);
        assertThat(unsignedSize.signedHead()).as("no head was signed at size 2").isNull();
        assertThat(unsignedSize.entries()).extracting(LedgerEntryView::leafIndex).containsExactly(0L, 1L);
        verifiedBodies(unsignedSize, a);
    }

    @Test
    void newPatient_hasNoEntriesAndNoKeyYet() {
        server.choose(b, diseaseSpecific(LEUKEMIA));

        PatientLedgerView mine = ledger(a, "");

        assertThat(mine.entries()).isEmpty();
        assertThat(mine.commitmentKey()).isNull();
        assertThat(mine.treeSize()).isEqualTo(1);
    }

    @Test
    void key_isTheConsentServicesCertifiedKey() throws Exception {
        LedgerKeyView key = server.get(server.patientClient(), "/api/v1/ledger/key", Map.of()).as(LedgerKeyView.class);

        ECKey jwk = ECKey.parse(key.jwk());
        assertThat(jwk.isPrivate()).isFalse();
        assertThat(jwk.toECPublicKey().getW()).isEqualTo(((ECPublicKey) server.consent.certificate().getPublicKey()).getW());
        assertThat(key.keyId()).isEqualTo(jwk.getKeyID());
        assertThat(Base64.getDecoder().decode(key.certificate())).isEqualTo(server.consent.certificate().getEncoded());
        assertThat(key.origin()).isEqualTo("fedomics/consent/ledger");
    }

    @Test
    void auditEndpoints_needNoToken_butAPatientsEntriesDo() {
        server.choose(a, diseaseSpecific(LEUKEMIA));

        for (String uri : List.of("/api/v1/ledger/head", "/api/v1/ledger/key", "/api/v1/ledger/consistency?from=0&to=1")) {
            assertThat(server.get(server.patientClient(), uri, Map.of()).status()).as(uri).isEqualTo(200);
            assertThat(server.get(server.tlsClient(server.hospitalB), uri, Map.of()).status()).as("%s as a node", uri).isEqualTo(200);
        }
        Reply anonymous = server.get(server.patientClient(), "/api/v1/me/ledger", Map.of());
        Reply asNode = server.get(server.tlsClient(server.hospitalA), "/api/v1/me/ledger", Map.of());
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(asNode.status()).isEqualTo(401);
        assertThat(anonymous.text()).doesNotContain(a.pseudonym());
    }

    @Test
    void badQueries_areRefusedWithAReason() {
        server.choose(a, diseaseSpecific(LEUKEMIA));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("/api/v1/ledger/consistency?from=1", "'to' is required");
        expected.put("/api/v1/ledger/consistency?from=1&to=0", "0 <= from <= to");
        expected.put("/api/v1/ledger/consistency?from=0&to=2", "has 1 leaves");
        expected.put("/api/v1/ledger/consistency?from=-1&to=1", "tree size");
        expected.put("/api/v1/ledger/consistency?from=01&to=1", "tree size");
        expected.put("/api/v1/ledger/consistency?from=x&to=1", "tree size");
        expected.put("/api/v1/ledger/consistency?from=99999999999999999999&to=1", "tree size");
        expected.put("/api/v1/ledger/consistency?from=0&to=1&to=1", "given once");
        expected.put("/api/v1/ledger/consistency?from=0&to=1&extra=1", "unknown query parameter 'extra'");
        expected.put("/api/v1/ledger/head?treeSize=1", "takes none");

        for (var attempt : expected.entrySet()) {
            Reply reply = server.get(server.patientClient(), attempt.getKey(), Map.of());

            assertThat(reply.status()).as(attempt.getKey()).isEqualTo(400);
            assertThat(reply.error()).as(attempt.getKey()).contains(attempt.getValue());
        }
        Reply tooLarge = server.get(server.patientClient(), "/api/v1/me/ledger?treeSize=2", bearer(a));
        assertThat(tooLarge.status()).isEqualTo(400);
        assertThat(tooLarge.error()).contains("has 1 leaves");
    }

    @Test
    void patientA_cannotGetBsEntries_byAnyParameterPathOrHeader() throws Exception {
        server.choose(a, diseaseSpecific(LEUKEMIA));
        server.choose(b, diseaseSpecific(BREAST_CANCER));
        server.choose(b, diseaseSpecific(ALL));
        server.node(server.hospitalA).postJson("/node/v1/uses", new UseReport(STUDY, 1, List.of(b.pseudonym())), Map.of()).await();
        PatientLedgerView ofB = ledger(b, "");
        Set<Long> indicesOfB = ofB.entries().stream().map(LedgerEntryView::leafIndex).collect(Collectors.toSet());
        assertThat(indicesOfB).as("control: B has entries").hasSize(3);
        String bp = b.pseudonym();
        List<String> uris = new ArrayList<>();
        for (String query : List.of("?pseudonym=" + bp, "?treeSize=4&pseudonym=" + bp, "?subject=" + bp, "?sub=" + bp,
                "?leafIndex=1", "?leafIndex=1&treeSize=4", "?treeSize=2", "?treeSize=4", "?treeSize=3&treeSize=4",
                "?treeSize=" + bp, "?commitmentKey=" + ofB.commitmentKey(), "?pseudonym[]=" + bp, "?PSEUDONYM=" + bp,
                "?treeSize=4%26pseudonym%3D" + bp)) {
            uris.add("/api/v1/me/ledger" + query);
        }
        uris.addAll(List.of("/api/v1/me/ledger/" + bp, "/api/v1/me/" + bp + "/ledger", "/api/v1/me//ledger",
                "/api/v1/me/./ledger?pseudonym=" + bp, "/api/v1/me/x/../ledger", "/api/v1/me/ledger/", "/api/v1/me/%6cedger",
                "/api/v1/ledger/me?pseudonym=" + bp, "/api/v1/ledger/head?pseudonym=" + bp));
        Map<String, String> spoofing = new HashMap<>(bearer(a));
        spoofing.put("X-Pseudonym", bp);
        spoofing.put("X-Forwarded-User", bp);

        for (String uri : uris) {
            for (Map<String, String> headers : List.of(bearer(a), spoofing)) {
                Reply reply = server.get(server.patientClient(), uri, headers);

                assertThat(reply.status()).as(uri).isIn(200, 400, 401, 404);
                assertThat(reply.text()).as(uri).doesNotContain(bp).doesNotContain(ofB.commitmentKey());
                if (reply.status() == 200 && uri.contains("/me/")) {
                    PatientLedgerView shown = reply.as(PatientLedgerView.class);
                    assertThat(shown.pseudonym()).as(uri).isEqualTo(a.pseudonym());
                    assertThat(shown.entries()).as(uri).allSatisfy(e -> assertThat(indicesOfB).doesNotContain(e.leafIndex()));
                    verifiedBodies(shown, a);
                }
            }
        }
    }

    private TreeHeadView head() {
        Reply reply = server.get(server.patientClient(), "/api/v1/ledger/head", Map.of());
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return reply.as(TreeHeadView.class);
    }

    private PatientLedgerView ledger(PatientSession patient, String query) {
        Reply reply = server.get(server.patientClient(), "/api/v1/me/ledger" + query, bearer(patient));
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return reply.as(PatientLedgerView.class);
    }

    /**
     * What a portal checks for every entry: the leaf hash is RFC 6962's of the leaf data, the
     * inclusion proof leads to the root, the body hashes to the leaf's body hash, and the
     * commitment opens to this patient under their key. Returns the parsed bodies.
     */
    private static List<JsonNode> verifiedBodies(PatientLedgerView view, PatientSession patient) throws Exception {
        Hash root = Hash.fromBase64(view.rootHash());
        List<JsonNode> bodies = new ArrayList<>();
        for (LedgerEntryView entry : view.entries()) {
            LeafData data = LeafData.parse(Base64.getDecoder().decode(entry.leafData()));
            assertThat(data.leafHash().base64()).isEqualTo(entry.leafHash());
            Rfc6962Verifier.verifyInclusion(entry.leafIndex(), view.treeSize(), data.leafHash(), hashes(entry.inclusionProof()), root);
            assertThat(Rfc6962.sha256(entry.body().getBytes(StandardCharsets.UTF_8))).isEqualTo(data.bodyHash());
            assertThat(CommitmentKey.fromBase64(view.commitmentKey()).commit(patient.pseudonym(), data.bodyHash()))
                    .isEqualTo(data.commitment());
            assertThat(entry.body()).doesNotContain(patient.pseudonym());
            bodies.add(JSON.readTree(entry.body()));
        }
        return bodies;
    }

    private static List<Hash> hashes(List<String> base64) {
        return base64.stream().map(Hash::fromBase64).toList();
    }
}
