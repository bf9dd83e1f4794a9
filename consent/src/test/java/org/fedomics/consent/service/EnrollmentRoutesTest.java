package org.fedomics.consent.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fedomics.consent.api.EnrollmentBatch;
import org.fedomics.consent.api.PatientSession;
import org.fedomics.consent.api.RedeemRequest;
import org.fedomics.consent.service.ConsentServer.Reply;
import org.fedomics.consent.web.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hospital enrolls patients and hands each a one-time code; the patient redeems it once, opening
 * their account, for a session token. The code is the patient's only secret before sign-in, so it
 * must work exactly once and never be written to a log.
 */
class EnrollmentRoutesTest {
    private static final String REDEEM = "/api/v1/enrollments/redeem";
    @TempDir
    Path dir;
    ConsentServer server;

    @BeforeEach
    void start() {
        server = new ConsentServer(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void enroll_byNode_answers201WithDistinctPseudonymsAndCodes() {
        Reply reply = server.sendJson(server.tlsClient(server.hospitalA), HttpMethod.POST, "/node/v1/enrollments", Map.of(),
                Map.of("count", 5));

        assertThat(reply.status()).isEqualTo(201);
        List<EnrollmentBatch.Entry> entries = reply.as(EnrollmentBatch.class).enrollments();
        assertThat(entries).hasSize(5);
        assertThat(entries).extracting(EnrollmentBatch.Entry::pseudonym).doesNotHaveDuplicates().allMatch(p -> p.startsWith("P-"));
        assertThat(entries).extracting(EnrollmentBatch.Entry::enrollmentCode).doesNotHaveDuplicates()
                .allMatch(c -> c.matches("[0-9A-Z]{4}(-[0-9A-Z]{4}){3}"));
        assertThat(server.store.pseudonymsOf("hospital-a"))
                .containsExactlyInAnyOrderElementsOf(entries.stream().map(EnrollmentBatch.Entry::pseudonym).toList());
        assertThat(server.store.pseudonymsOf("hospital-b")).isEmpty();
    }

    @Test
    void enroll_withCountOutOfRange_answers400NamingCount() {
        for (int count : new int[] {0, -1, 10_001}) {
            Reply reply = server.sendJson(server.tlsClient(server.hospitalA), HttpMethod.POST, "/node/v1/enrollments", Map.of(),
                    Map.of("count", count));

            assertThat(reply.status()).as("count %d", count).isEqualTo(400);
            assertThat(reply.error()).contains("count");
        }
        assertThat(server.store.pseudonymsOf("hospital-a")).isEmpty();
    }

    @Test
    void redeem_withFreshCode_answersSessionForThatPseudonym() {
        EnrollmentBatch.Entry entry = server.enroll(server.hospitalA, 1).get(0);

        PatientSession session = server.redeem(entry.enrollmentCode()).session();

        assertThat(session.pseudonym()).isEqualTo(entry.pseudonym());
        assertThat(session.token()).isNotBlank();
        assertThat(server.tokens.subject("Bearer " + session.token()).succeeded()).isTrue();
    }

    @Test
    void redeem_sameCodeTwice_answers401TheSecondTime() {
        String code = server.enroll(server.hospitalA, 1).get(0).enrollmentCode();
        server.redeem(code);

        Reply again = redeem(code);

        assertThat(again.status()).isEqualTo(401);
        assertThat(again.error()).doesNotContain(code);
        assertThat(again.text()).doesNotContain("token");
    }

    @Test
    void redeem_garbageCode_answers401() {
        server.enroll(server.hospitalA, 3);

        Reply reply = redeem("ABCD-EFGH-JKMN-PQRS");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.text()).doesNotContain("ABCD-EFGH-JKMN-PQRS").doesNotContain("\"token\"");
    }

    @Test
    void redeem_blankOrMissingCode_answers400NamingTheField() {
        assertThat(redeem("  ").status()).isEqualTo(400);
        assertThat(redeem("  ").error()).contains("enrollmentCode");
        Reply missing = server.sendRaw(server.patientClient(), HttpMethod.POST, REDEEM, Map.of(), "{}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.error()).contains("enrollmentCode");
    }

    @Test
    void redeem_codeOfEachPatient_speaksForThatPatientOnly() {
        List<EnrollmentBatch.Entry> entries = server.enroll(server.hospitalA, 3);

        for (EnrollmentBatch.Entry entry : entries) {
            PatientSession session = server.redeem(entry.enrollmentCode()).session();
            assertThat(session.pseudonym()).isEqualTo(entry.pseudonym());
            assertThat(server.tokens.subject("Bearer " + session.token()))
                    .isEqualTo(org.fedomics.consent.web.ServiceResult.ok(entry.pseudonym()));
        }
    }

    @Test
    void enrollAndRedeem_neverWriteCodeOrTokenToAnyLogLine() {
        List<String> lines;
        List<String> secrets = new java.util.ArrayList<>();
        try (LogCapture logs = LogCapture.all()) {
            List<EnrollmentBatch.Entry> entries = server.enroll(server.hospitalA, 3);
            entries.forEach(e -> secrets.add(e.enrollmentCode()));
            PatientSession session = server.redeem(entries.get(0).enrollmentCode()).session();
            secrets.add(session.token());
            assertThat(redeem(entries.get(0).enrollmentCode()).status()).isEqualTo(401);
            assertThat(redeem(entries.get(1).enrollmentCode().toLowerCase(java.util.Locale.ROOT) + "x").status()).isEqualTo(401);
            assertThat(server.get(server.patientClient(), "/api/v1/me/consent", ConsentServer.bearer(session)).status())
                    .isEqualTo(404);
            assertThat(server.get(server.patientClient(), "/api/v1/me/consent", ConsentServer.bearer(session.token() + "x"))
                    .status()).isEqualTo(401);
            lines = logs.lines();
        }

        assertThat(lines).as("debug lines of the token check were captured, so the capture sees everything")
                .anyMatch(line -> line.contains("token rejected"));
        for (String secret : secrets) {
            String undashed = secret.replace("-", "");
            assertThat(lines).noneMatch(line -> line.contains(secret) || line.contains(undashed));
        }
    }

    private Reply redeem(String code) {
        return server.sendJson(server.patientClient(), HttpMethod.POST, REDEEM, Map.of(), new RedeemRequest(code, ConsentServer.PASSPHRASE));
    }
}
