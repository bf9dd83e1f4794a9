package org.fedomics.consent.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fedomics.consent.service.ConsentServer.ALL;
import static org.fedomics.consent.service.ConsentServer.BREAST_CANCER;
import static org.fedomics.consent.service.ConsentServer.DS;
import static org.fedomics.consent.service.ConsentServer.LEUKEMIA;
import static org.fedomics.consent.service.ConsentServer.bearer;
import static org.fedomics.consent.service.ConsentServer.diseaseSpecific;

import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import org.fedomics.consent.api.ConsentSnapshot;
import org.fedomics.consent.api.PatientSession;
import org.fedomics.consent.api.SignedSnapshot;
import org.fedomics.consent.api.SnapshotRequest;
import org.fedomics.consent.api.UseReport;
import org.fedomics.consent.api.UseView;
import org.fedomics.consent.service.ConsentServer.Reply;
import org.fedomics.consent.study.DeclaredUse;
import org.fedomics.consent.web.ApiClient;
import org.fedomics.consent.web.ServiceResult;
import org.fedomics.consent.web.StrictJson;
import org.fedomics.crypto.token.ArtifactVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Before a round a node asks for a signed snapshot of its patients' decisions for a study; after
 * it, it reports the use, which the patient then sees. The snapshot must verify with the consent
 * service's certificate and say exactly what the policy says, now.
 */
class SnapshotAndUseRoutesTest {
    private static final String STUDY = "all-relapse";
    /** A disease-specific study of acute lymphoblastic leukemia (a leukemia). */
    private static final DeclaredUse ALL_STUDY = new DeclaredUse(DS, List.of(ALL), false, true, true, "Test University", null);
    @TempDir
    Path dir;
    ConsentServer server;
    ApiClient hospitalA;

    @BeforeEach
    void start() {
        server = new ConsentServer(dir);
        hospitalA = server.node(server.hospitalA);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void snapshot_verifiesWithTheConsentCertificateAndMatchesThePolicy() throws Exception {
        PatientSession leukemia = consenting(diseaseSpecific(LEUKEMIA));
        PatientSession optedOut = consenting(ConsentServer.optedOut(diseaseSpecific(LEUKEMIA)));
        PatientSession breastCancerOnly = consenting(diseaseSpecific(BREAST_CANCER));
        PatientSession noConsent = server.newPatient(server.hospitalA);

        ConsentSnapshot snapshot = snapshot(3, List.of(leukemia.pseudonym(), optedOut.pseudonym(), breastCancerOnly.pseudonym(),
                noConsent.pseudonym()));

        assertThat(snapshot.studyId()).isEqualTo(STUDY);
        assertThat(snapshot.round()).isEqualTo(3);
        assertThat(snapshot.hospital()).isEqualTo("hospital-a");
        assertThat(snapshot.issuedAt()).isEqualTo(server.clock.instant().toString());
        assertThat(snapshot.decisions()).containsExactly(
                new ConsentSnapshot.Entry(leukemia.pseudonym(), "PERMIT"),
                new ConsentSnapshot.Entry(optedOut.pseudonym(), "DENY"),
                new ConsentSnapshot.Entry(breastCancerOnly.pseudonym(), "DENY"),
                new ConsentSnapshot.Entry(noConsent.pseudonym(), "DENY"));
    }

    @Test
    void snapshot_afterThePatientRevokes_saysDeny() throws Exception {
        PatientSession patient = consenting(diseaseSpecific(LEUKEMIA));
        assertThat(snapshot(1, List.of(patient.pseudonym())).decisions()).extracting(ConsentSnapshot.Entry::verdict)
                .containsExactly("PERMIT");

        assertThat(server.choose(patient, ConsentServer.optedOut(diseaseSpecific(LEUKEMIA))).status()).isEqualTo(200);

        assertThat(snapshot(2, List.of(patient.pseudonym())).decisions()).extracting(ConsentSnapshot.Entry::verdict)
                .containsExactly("DENY");
    }

    @Test
    void snapshot_withRepeatedPseudonyms_decidesEachOnce() throws Exception {
        PatientSession patient = consenting(diseaseSpecific(LEUKEMIA));

        ConsentSnapshot snapshot = snapshot(1, List.of(patient.pseudonym(), patient.pseudonym()));

        assertThat(snapshot.decisions()).containsExactly(new ConsentSnapshot.Entry(patient.pseudonym(), "PERMIT"));
    }

    @Test
    void snapshot_isRefusedByAVerifierOfAnotherKeyOrType() throws Exception {
        PatientSession patient = consenting(diseaseSpecific(LEUKEMIA));
        String jws = signedSnapshot(1, List.of(patient.pseudonym())).jws();

        assertThatThrownBy(() -> ArtifactVerifier.forCertificate(server.hospitalA.certificate(), ConsentSnapshot.TYPE).verify(jws))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> ArtifactVerifier.forCertificate(server.consent.certificate(), "fedomics-model-release+jws").verify(jws))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void snapshot_withAnInvalidDeclaredUse_answers400NamingIt() {
        PatientSession patient = server.newPatient(server.hospitalA);
        DeclaredUse noInstitution = new DeclaredUse(DS, List.of(ALL), false, true, true, " ", null);
        DeclaredUse dsWithoutDisease = new DeclaredUse(DS, List.of(), false, true, true, "Test University", null);

        for (DeclaredUse use : List.of(noInstitution, dsWithoutDisease)) {
            Reply reply = server.sendJson(server.tlsClient(server.hospitalA), HttpMethod.POST, "/node/v1/snapshots", Map.of(),
                    new SnapshotRequest(STUDY, 1, use, List.of(patient.pseudonym())));

            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.error()).startsWith("the study's declared use: ");
        }
        assertThat(server.sendRaw(server.tlsClient(server.hospitalA), HttpMethod.POST, "/node/v1/snapshots", Map.of(),
                "{\"studyId\":\"" + STUDY + "\",\"round\":1,\"use\":{\"purpose\":\"DUO:0000099\",\"commercial\":false,"
                        + "\"ethicsApproved\":true,\"methodsDevelopment\":true,\"institution\":\"Test University\"},\"pseudonyms\":[]}").error())
                .contains("DUO:0000099");
        assertThat(server.sendRaw(server.tlsClient(server.hospitalA), HttpMethod.POST, "/node/v1/snapshots", Map.of(),
                "{\"studyId\":\"" + STUDY + "\",\"round\":1,\"use\":{\"purpose\":\"" + DS + "\"},\"pseudonyms\":[]}").error())
                .as("a missing primitive is refused, not read as false").contains("use.commercial");
        assertThat(server.sendRaw(server.tlsClient(server.hospitalA), HttpMethod.POST, "/node/v1/snapshots", Map.of(),
                "{\"studyId\":\"" + STUDY + "\",\"round\":-1,\"pseudonyms\":[]}").status()).isEqualTo(400);
    }

    @Test
    void useReport_thenThePatientSeesStudyRoundAndHospital() {
        PatientSession patient = consenting(diseaseSpecific(LEUKEMIA));
        PatientSession other = consenting(diseaseSpecific(LEUKEMIA));

        hospitalA.postJson("/node/v1/uses", new UseReport(STUDY, 1, List.of(patient.pseudonym(), other.pseudonym())), Map.of()).await();
        server.clock.advance(java.time.Duration.ofMinutes(10));
        hospitalA.postJson("/node/v1/uses", new UseReport(STUDY, 2, List.of(patient.pseudonym())), Map.of()).await();

        assertThat(uses(patient)).containsExactly(
                new UseView(STUDY, 1, "hospital-a", server.clock.instant().minusSeconds(600).toString()),
                new UseView(STUDY, 2, "hospital-a", server.clock.instant().toString()));
        assertThat(uses(other)).extracting(UseView::round).containsExactly(1);
    }

    @Test
    void useReport_listingAPatientTwice_isOneUseForThatPatient() {
        PatientSession patient = consenting(diseaseSpecific(LEUKEMIA));

        hospitalA.postJson("/node/v1/uses", new UseReport(STUDY, 1, List.of(patient.pseudonym(), patient.pseudonym())), Map.of()).await();

        assertThat(uses(patient)).extracting(UseView::round).containsExactly(1);
    }

    @Test
    void uses_beforeAnyReport_isAnEmptyList() {
        PatientSession patient = server.newPatient(server.hospitalA);

        Reply reply = server.get(server.patientClient(), "/api/v1/me/uses", bearer(patient));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text()).isEqualTo("[]");
    }

    private PatientSession consenting(org.fedomics.consent.api.ConsentChoice choice) {
        PatientSession patient = server.newPatient(server.hospitalA);
        assertThat(server.choose(patient, choice).status()).isEqualTo(200);
        return patient;
    }

    private SignedSnapshot signedSnapshot(int round, List<String> pseudonyms) {
        return ApiClient.json(hospitalA.postJson("/node/v1/snapshots", new SnapshotRequest(STUDY, round, ALL_STUDY, pseudonyms),
                Map.of()), SignedSnapshot.class).await();
    }

    /** The snapshot's content, read only after its signature verifies with the consent service's certificate. */
    private ConsentSnapshot snapshot(int round, List<String> pseudonyms) throws GeneralSecurityException {
        byte[] payload = ArtifactVerifier.forCertificate(server.consent.certificate(), ConsentSnapshot.TYPE)
                .verify(signedSnapshot(round, pseudonyms).jws());
        ServiceResult<ConsentSnapshot> strict = StrictJson.read(payload, ConsentSnapshot.class);
        assertThat(strict).as("the signed payload is a strict ConsentSnapshot").isInstanceOf(ServiceResult.Success.class);
        return ((ServiceResult.Success<ConsentSnapshot>) strict).value();
    }

    private List<UseView> uses(PatientSession patient) {
        Reply reply = server.get(server.patientClient(), "/api/v1/me/uses", bearer(patient));
        assertThat(reply.status()).isEqualTo(200);
        return List.of(reply.as(UseView[].class));
    }
}
