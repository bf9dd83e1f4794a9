package org.fedomics.consent.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.fedomics.consent.service.ConsentServer.ALL;
import static org.fedomics.consent.service.ConsentServer.BREAST_CANCER;
import static org.fedomics.consent.service.ConsentServer.DS;
import static org.fedomics.consent.service.ConsentServer.LEUKEMIA;
import static org.fedomics.consent.service.ConsentServer.bearer;
import static org.fedomics.consent.service.ConsentServer.diseaseSpecific;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedomics.consent.api.ConsentView;
import org.fedomics.consent.api.EnrollmentRequest;
import org.fedomics.consent.api.PatientSession;
import org.fedomics.consent.api.SnapshotRequest;
import org.fedomics.consent.api.UseReport;
import org.fedomics.consent.api.UseView;
import org.fedomics.consent.service.ConsentServer.Reply;
import org.fedomics.consent.study.DeclaredUse;
import org.fedomics.consent.web.SessionTokens;
import org.fedomics.consent.web.StrictJson;
import org.fedomics.crypto.pki.ConsortiumCa;
import org.fedomics.crypto.pki.Credential;
import org.fedomics.crypto.pki.Role;
import org.fedomics.crypto.token.TokenIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may do what: a patient's token speaks for that patient only, on /api/v1/me only; a node's
 * certificate speaks for that hospital only, on /node/v1 only; nothing else gets in, and a refused
 * request changes nothing.
 */
class AuthorizationRoutesTest {
    private static final DeclaredUse ALL_STUDY = new DeclaredUse(DS, List.of(ALL), false, true, true, "Test University", null);
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

    /** One valid request to every patient endpoint. */
    private List<Call> patientCalls() {
        return List.of(
                new Call(HttpMethod.GET, "/api/v1/me/consent", null),
                new Call(HttpMethod.PUT, "/api/v1/me/consent", json(diseaseSpecific(LEUKEMIA))),
                new Call(HttpMethod.GET, "/api/v1/me/consent/history", null),
                new Call(HttpMethod.GET, "/api/v1/me/uses", null),
                new Call(HttpMethod.GET, "/api/v1/me/ledger", null));
    }

    /** One valid request to every node endpoint, each about hospital-a's patient A. */
    private List<Call> nodeCalls() {
        return List.of(
                new Call(HttpMethod.POST, "/node/v1/enrollments", json(new EnrollmentRequest(1))),
                new Call(HttpMethod.POST, "/node/v1/snapshots", json(new SnapshotRequest("study-1", 1, ALL_STUDY, List.of(a.pseudonym())))),
                new Call(HttpMethod.POST, "/node/v1/uses", json(new UseReport("study-1", 1, List.of(a.pseudonym())))));
    }

    @Test
    void patientToken_getConsent_showsOwnConsentNeverAnothers() {
        server.choose(a, diseaseSpecific(LEUKEMIA));
        server.choose(b, diseaseSpecific(BREAST_CANCER));
        server.choose(b, diseaseSpecific(BREAST_CANCER));

        ConsentView asA = server.get(server.patientClient(), "/api/v1/me/consent", bearer(a)).as(ConsentView.class);
        ConsentView asB = server.get(server.patientClient(), "/api/v1/me/consent", bearer(b)).as(ConsentView.class);

        assertThat(asA.pseudonym()).isEqualTo(a.pseudonym());
        assertThat(asA.version()).isEqualTo(1);
        assertThat(asA.choice().diseaseIds()).containsExactly(LEUKEMIA);
        assertThat(asB.pseudonym()).isEqualTo(b.pseudonym());
        assertThat(asB.version()).isEqualTo(2);
        assertThat(asB.choice().diseaseIds()).containsExactly(BREAST_CANCER);
    }

    @Test
    void patientToken_getHistory_showsOwnVersionsNeverAnothers() {
        server.choose(a, diseaseSpecific(LEUKEMIA));
        server.choose(b, diseaseSpecific(BREAST_CANCER));
        server.choose(b, ConsentServer.optedOut(diseaseSpecific(BREAST_CANCER)));

        ConsentView[] ofA = server.get(server.patientClient(), "/api/v1/me/consent/history?pseudonym=" + b.pseudonym(), bearer(a))
                .as(ConsentView[].class);
        ConsentView[] ofB = server.get(server.patientClient(), "/api/v1/me/consent/history", bearer(b)).as(ConsentView[].class);

        assertThat(ofA).extracting(ConsentView::pseudonym).containsExactly(a.pseudonym());
        assertThat(ofB).extracting(ConsentView::version).containsExactly(1, 2);
        assertThat(ofB).extracting(ConsentView::pseudonym).containsOnly(b.pseudonym());
    }

    @Test
    void patientToken_namingAnotherPseudonymInQueryOrBody_stillActsOnItsOwnPatient() {
        server.choose(b, diseaseSpecific(BREAST_CANCER));

        Reply query = server.get(server.patientClient(), "/api/v1/me/consent?pseudonym=" + b.pseudonym(), bearer(a));
        Reply body = server.sendRaw(server.patientClient(), HttpMethod.PUT, "/api/v1/me/consent", bearer(a),
                "{\"pseudonym\":\"" + b.pseudonym() + "\",\"permission\":\"DUO:0000042\",\"optedOut\":true}");

        assertThat(query.status()).isEqualTo(404);
        assertThat(query.text()).doesNotContain(b.pseudonym());
        assertThat(body.status()).isEqualTo(400);
        assertThat(body.error()).contains("unknown field 'pseudonym'");
        assertThat(server.store.history(b.pseudonym())).hasSize(1).allMatch(r -> !r.optedOut());
        assertThat(server.store.current(a.pseudonym())).isEmpty();
    }

    @Test
    void patientToken_putConsent_changesOnlyItsOwnPatient() {
        server.choose(b, diseaseSpecific(BREAST_CANCER));

        server.choose(a, ConsentServer.optedOut(diseaseSpecific(LEUKEMIA)));

        assertThat(server.store.current(a.pseudonym())).get().matches(r -> r.optedOut());
        assertThat(server.store.history(b.pseudonym())).hasSize(1).allMatch(r -> !r.optedOut());
    }

    @Test
    void missingOrInvalidBearer_onEveryPatientEndpoint_answers401AndChangesNothing() throws Exception {
        Map<String, Map<String, String>> attempts = new LinkedHashMap<>();
        attempts.put("no Authorization header", Map.of());
        attempts.put("empty bearer", Map.of("Authorization", "Bearer "));
        attempts.put("garbage bearer", bearer("not.a.token"));
        attempts.put("basic credentials", Map.of("Authorization", "Basic YTpi"));
        attempts.put("token without the Bearer scheme", Map.of("Authorization", a.token()));
        attempts.put("token of another consortium's consent service", bearer(tokenOfAnotherKey(a.pseudonym())));
        attempts.put("token signed by another key under this service's kid", bearer(tokenOfAnotherKeyWithOurKid(a.pseudonym())));
        attempts.put("researcher+jwt on this service's key", bearer(tokenOfType("researcher+jwt", a.pseudonym())));
        attempts.put("SessionTokens researcher+jwt of this service", bearer(new SessionTokens(server.consent, "researcher+jwt",
                Duration.ofMinutes(30), server.clock).issue(a.pseudonym(), List.of("researcher"))));
        attempts.put("token for another audience on this service's key", bearer(tokenFor(a.pseudonym(), "patient+jwt", "fedomics:coordinator")));
        attempts.put("unsigned token (alg none)", bearer(unsignedToken(a.pseudonym())));
        attempts.put("token with a tampered subject", bearer(withSubjectSwapped(a.token(), b.pseudonym())));

        for (var attempt : attempts.entrySet()) {
            for (Call call : patientCalls()) {
                Reply reply = server.send(server.patientClient(), call.method(), call.uri(), attempt.getValue(), call.body());

                assertThat(reply.status()).as("%s %s with %s", call.method(), call.uri(), attempt.getKey()).isEqualTo(401);
                assertThat(reply.headers().get("WWW-Authenticate")).isEqualTo("Bearer");
                assertThat(reply.error()).isEqualTo("unauthorized");
            }
        }
        assertThat(server.store.current(a.pseudonym())).isEmpty();
        assertThat(server.store.current(b.pseudonym())).isEmpty();
    }

    @Test
    void forgedTokens_withTheRightTypeAndKey_areAccepted_soTheRefusalsAboveAreAboutTheForgery() throws Exception {
        // Control for the test above: a token minted with this service's key, issuer, audience and
        // type works, so each refusal there is due to the one thing that differs.
        Reply reply = server.get(server.patientClient(), "/api/v1/me/consent", bearer(tokenOfType("patient+jwt", a.pseudonym())));

        assertThat(reply.status()).isEqualTo(404);
    }

    @Test
    void nodeCertificate_onPatientEndpointsWithoutToken_answers401() {
        for (Call call : patientCalls()) {
            Reply reply = server.send(server.tlsClient(server.hospitalA), call.method(), call.uri(), Map.of(), call.body());

            assertThat(reply.status()).as("%s %s", call.method(), call.uri()).isEqualTo(401);
        }
        assertThat(server.store.current(a.pseudonym())).isEmpty();
    }

    @Test
    void patientWithoutClientCertificate_onEveryNodeEndpoint_answers403EvenWithAValidToken() {
        int enrolled = server.store.pseudonymsOf("hospital-a").size();

        for (Call call : nodeCalls()) {
            for (Map<String, String> headers : List.of(Map.<String, String>of(), bearer(a))) {
                Reply reply = server.send(server.patientClient(), call.method(), call.uri(), headers, call.body());

                assertThat(reply.status()).as("%s %s", call.method(), call.uri()).isEqualTo(403);
            }
        }
        assertThat(server.store.pseudonymsOf("hospital-a")).hasSize(enrolled);
        assertThat(usesOf(a)).isEmpty();
    }

    @Test
    void certificateOfAnotherRole_onEveryNodeEndpoint_answers403() {
        Credential coordinator = ConsentServer.issue(server.ca, Role.COORDINATOR, "hospital-a");
        for (Credential credential : List.of(server.consent, coordinator)) {
            for (Call call : nodeCalls()) {
                Reply reply = server.send(server.tlsClient(credential), call.method(), call.uri(), Map.of(), call.body());

                assertThat(reply.status()).as("%s %s as %s", call.method(), call.uri(), credential.identity()).isEqualTo(403);
                assertThat(reply.error()).contains("requires node");
            }
        }
        assertThat(server.store.pseudonymsOf("hospital-a")).hasSize(2);
        assertThat(usesOf(a)).isEmpty();
    }

    @Test
    void nodeCertificateOfAnotherConsortium_presentedAnyway_isRefusedAndChangesNothing() throws Exception {
        Credential impostor = ConsentServer.issue(ConsortiumCa.create("test", server.clock), Role.NODE, "hospital-a");
        WebClient client = server.forcedCertificateClient(impostor);

        for (Call call : nodeCalls()) {
            Throwable failure = catchThrowable(() -> server.send(client, call.method(), call.uri(), Map.of(), call.body()));

            assertThat(failure).as("%s %s: the TLS handshake fails", call.method(), call.uri()).isNotNull()
                    .hasStackTraceContaining("SSL");
        }
        assertThat(server.store.pseudonymsOf("hospital-a")).hasSize(2);
        assertThat(usesOf(a)).isEmpty();
    }

    @Test
    void otherHospital_snapshotOrUseForAnotherHospitalsPatients_answers403AndRecordsNothing() {
        PatientSession ownOfB = server.newPatient(server.hospitalB);
        server.choose(a, diseaseSpecific(LEUKEMIA));
        WebClient hospitalB = server.tlsClient(server.hospitalB);

        Reply snapshot = server.sendJson(hospitalB, HttpMethod.POST, "/node/v1/snapshots", Map.of(),
                new SnapshotRequest("study-1", 1, ALL_STUDY, List.of(a.pseudonym())));
        Reply mixedSnapshot = server.sendJson(hospitalB, HttpMethod.POST, "/node/v1/snapshots", Map.of(),
                new SnapshotRequest("study-1", 1, ALL_STUDY, List.of(ownOfB.pseudonym(), a.pseudonym())));
        Reply use = server.sendJson(hospitalB, HttpMethod.POST, "/node/v1/uses", Map.of(),
                new UseReport("study-1", 1, List.of(a.pseudonym())));
        Reply mixedUse = server.sendJson(hospitalB, HttpMethod.POST, "/node/v1/uses", Map.of(),
                new UseReport("study-1", 1, List.of(ownOfB.pseudonym(), a.pseudonym())));

        for (Reply reply : List.of(snapshot, mixedSnapshot, use, mixedUse)) {
            assertThat(reply.status()).isEqualTo(403);
            assertThat(reply.error()).contains(a.pseudonym()).contains("hospital-b");
            assertThat(reply.text()).doesNotContain("jws");
        }
        assertThat(usesOf(a)).isEmpty();
        assertThat(usesOf(ownOfB)).as("a refused report records none of it").isEmpty();
    }

    @Test
    void node_useReportForAPseudonymNeverEnrolled_answers403() {
        Reply reply = server.sendJson(server.tlsClient(server.hospitalA), HttpMethod.POST, "/node/v1/uses", Map.of(),
                new UseReport("study-1", 1, List.of(a.pseudonym(), "P-0000000000000000")));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(usesOf(a)).isEmpty();
    }

    @Test
    void pathVariants_ofProtectedRoutes_neverBypassTheGuards() {
        server.choose(a, diseaseSpecific(LEUKEMIA));
        List<String> patientPaths = List.of("/api/v1/me/consent/", "/api/v1/me//consent", "/api/v1/./me/consent",
                "/api/v1/x/../me/consent", "/api/v1//me/consent", "/api/v1/me/%63onsent", "/API/v1/me/consent", "/api/v1/me/uses/..%2fconsent");
        for (String path : patientPaths) {
            Reply reply = server.get(server.patientClient(), path, Map.of());
            assertThat(reply.status()).as(path).isIn(400, 401, 404);
            assertThat(reply.text()).as(path).doesNotContain(a.pseudonym());
        }
        List<String> nodePaths = List.of("/node/v1/enrollments/", "/node/v1//enrollments", "/node/v1/./enrollments",
                "/node/v1/x/../enrollments", "/node//v1/enrollments", "/node/v1/%65nrollments", "/NODE/v1/enrollments");
        for (String path : nodePaths) {
            Reply reply = server.send(server.patientClient(), HttpMethod.POST, path, Map.of(), json(new EnrollmentRequest(1)));
            assertThat(reply.status()).as(path).isIn(400, 403, 404);
        }
        assertThat(server.store.pseudonymsOf("hospital-a")).hasSize(2);
    }

    private List<UseView> usesOf(PatientSession patient) {
        Reply reply = server.get(server.patientClient(), "/api/v1/me/uses", bearer(patient));
        assertThat(reply.status()).isEqualTo(200);
        return List.of(reply.as(UseView[].class));
    }

    private static Buffer json(Object value) {
        return Buffer.buffer(StrictJson.write(value));
    }

    private JWTClaimsSet claimsOfARealToken() throws Exception {
        return SignedJWT.parse(a.token()).getJWTClaimsSet();
    }

    /** A token with this service's key, issuer and audience, and the given type. */
    private String tokenOfType(String type, String subject) throws Exception {
        return tokenFor(subject, type, claimsOfARealToken().getAudience().get(0));
    }

    private String tokenFor(String subject, String type, String audience) throws Exception {
        return new TokenIssuer(server.consent, claimsOfARealToken().getIssuer(), server.clock)
                .issue(type, subject, audience, List.of("patient"), Duration.ofMinutes(5));
    }

    /** What another consortium's consent service (same names, another CA and key) would issue. */
    private String tokenOfAnotherKey(String subject) throws Exception {
        Credential other = ConsentServer.issue(ConsortiumCa.create("test", server.clock), Role.CONSENT, "consent");
        JWTClaimsSet real = claimsOfARealToken();
        return new TokenIssuer(other, real.getIssuer(), server.clock)
                .issue(PatientTokens.TYPE, subject, real.getAudience().get(0), List.of("patient"), Duration.ofMinutes(5));
    }

    /** Another key, but the header names this service's key id. */
    private String tokenOfAnotherKeyWithOurKid(String subject) throws Exception {
        Credential other = ConsentServer.issue(ConsortiumCa.create("test", server.clock), Role.CONSENT, "consent");
        SignedJWT real = SignedJWT.parse(a.token());
        return new TokenIssuer((ECPrivateKey) other.privateKey(), real.getHeader().getKeyID(), real.getJWTClaimsSet().getIssuer(),
                server.clock).issue(PatientTokens.TYPE, subject, real.getJWTClaimsSet().getAudience().get(0), List.of("patient"),
                Duration.ofMinutes(5));
    }

    private String unsignedToken(String subject) throws Exception {
        JWTClaimsSet real = claimsOfARealToken();
        JWTClaimsSet claims = new JWTClaimsSet.Builder(real).subject(subject).issueTime(Date.from(server.clock.instant()))
                .expirationTime(Date.from(server.clock.instant().plusSeconds(300))).jwtID("unsigned-1").build();
        PlainHeader header = new PlainHeader.Builder().type(new JOSEObjectType(PatientTokens.TYPE))
                .customParam("kid", SignedJWT.parse(a.token()).getHeader().getKeyID()).build();
        return new PlainJWT(header, claims).serialize();
    }

    /** A's real token with its payload replaced by one naming B: the signature no longer matches. */
    private static String withSubjectSwapped(String token, String subject) throws Exception {
        SignedJWT real = SignedJWT.parse(token);
        JWTClaimsSet claims = new JWTClaimsSet.Builder(real.getJWTClaimsSet()).subject(subject).build();
        String[] parts = token.split("\\.");
        String payload = com.nimbusds.jose.util.Base64URL.encode(claims.toString()).toString();
        return parts[0] + "." + payload + "." + parts[2];
    }

    private record Call(HttpMethod method, String uri, Buffer body) {
    }
}
