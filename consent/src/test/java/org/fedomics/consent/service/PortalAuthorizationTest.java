package org.fedomics.consent.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fedomics.consent.service.ConsentServer.LEUKEMIA;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fedomics.consent.api.EnrollmentBatch;
import org.fedomics.consent.api.PatientLedgerView;
import org.fedomics.consent.api.PatientSession;
import org.fedomics.consent.api.SignInRequest;
import org.fedomics.consent.api.UseReport;
import org.fedomics.consent.policy.ConsentRecord;
import org.fedomics.consent.service.ConsentServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A portal session speaks for the patient who signed in and for no one else: no page or form
 * takes a patient from the request, a session's token works only in that session, and the
 * portal's cookie and the API's bearer tokens never stand in for each other. Nodes' certificates
 * open nothing in the portal.
 */
class PortalAuthorizationTest {
    private static final List<String> PAGES = List.of("/portal/my/consent", "/portal/my/access-log", "/portal/my/welcome");
    private static final List<String> FORMS = List.of("/portal/my/consent", "/portal/my/consent/revoke", "/portal/my/consent/resume",
            "/portal/my/sign-out");
    @TempDir
    Path dir;
    ConsentServer server;
    EnrollmentBatch.Entry a;
    EnrollmentBatch.Entry b;
    PortalClient asA;
    PortalClient asB;
    String signInIdOfB;

    @BeforeEach
    void start() {
        server = new ConsentServer(dir);
        a = server.enroll(server.hospitalA, 1).get(0);
        b = server.enroll(server.hospitalB, 1).get(0);
        asA = new PortalClient(server);
        asA.enroll(a.enrollmentCode());
        asB = new PortalClient(server);
        signInIdOfB = asB.enroll(b.enrollmentCode());
        server.node(server.hospitalB).postJson("/node/v1/uses", new UseReport("study-of-b", 7, List.of(b.pseudonym())), Map.of())
                .await();
        MultiMap choice = MultiMap.caseInsensitiveMultiMap().add("purpose", "DUO:0000007").add("disease", "MONDO:0007254")
                .add("version", "0").add("newStudy", "secret-study-of-b").add("newStudyAnswer", "no");
        assertThat(asB.submit("/portal/my/consent", "/portal/my/consent", choice).status()).isEqualTo(303);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void pages_showOnlyTheSignedInPatient_whateverTheAddressNames() {
        for (String page : PAGES) {
            for (String query : List.of("", "?pseudonym=" + b.pseudonym(), "?patient=" + b.pseudonym() + "&signInId=x")) {
                Reply reply = asA.get(page + query);

                assertThat(reply.status()).as(page + query).isEqualTo(200);
                assertThat(reply.text()).as(page + query).doesNotContain("study-of-b").doesNotContain("secret-study-of-b")
                        .doesNotContain("breast cancer research").doesNotContain("hospital-b").doesNotContain(b.pseudonym());
            }
        }
        assertThat(asB.get("/portal/my/access-log").text()).contains("study-of-b").contains("hospital-b");
    }

    @Test
    void ledgerEntries_areTheSignedInPatientsOnly_asTheApiShowsThemToThatPatient() {
        Reply ofA = asA.get("/portal/my/ledger");
        Reply ofB = asB.get("/portal/my/ledger");
        PatientSession bearerOfB = server.sendJson(server.patientClient(), HttpMethod.POST, "/api/v1/sign-in", Map.of(),
                new SignInRequest(signInIdOfB, ConsentServer.PASSPHRASE)).as(PatientSession.class);
        Reply apiOfB = server.get(server.patientClient(), "/api/v1/me/ledger", ConsentServer.bearer(bearerOfB));

        assertThat(ofA.status()).isEqualTo(200);
        assertThat(ofA.headers().get("Content-Type")).isEqualTo("application/json");
        PatientLedgerView ledgerOfA = ofA.as(PatientLedgerView.class);
        assertThat(ledgerOfA.pseudonym()).isEqualTo(a.pseudonym());
        assertThat(ledgerOfA.entries()).isEmpty();
        assertThat(ledgerOfA.commitmentKey()).isNull();
        assertThat(ofA.text()).doesNotContain(b.pseudonym()).doesNotContain("study-of-b");
        assertThat(ofB.as(PatientLedgerView.class).entries()).hasSize(2);
        assertThat(ofB.text()).as("the same service method as the API").isEqualTo(apiOfB.text());
    }

    @Test
    void ledgerEntries_takeNoParameters_andNeedASignedInSession() {
        Reply namingB = asA.get("/portal/my/ledger?pseudonym=" + b.pseudonym());
        Reply anonymous = new PortalClient(server).get("/portal/my/ledger");
        var token = server.redeem(server.enroll(server.hospitalA, 1).get(0).enrollmentCode()).session();
        // This client follows redirects: it ends on the sign-in page.
        Reply withToken = server.get(server.patientClient(), "/portal/my/ledger", ConsentServer.bearer(token));

        assertThat(namingB.status()).isEqualTo(400);
        assertThat(namingB.error()).isEqualTo("this request takes no query parameters");
        assertThat(anonymous.status()).isEqualTo(303);
        assertThat(anonymous.headers().get("Location")).isEqualTo("/portal/sign-in");
        assertThat(withToken.text()).contains("<h1>Sign in</h1>").doesNotContain(token.pseudonym());
    }

    @Test
    void forms_namingAnotherPatient_changeOnlyTheSignedInPatient() {
        ConsentRecord ofB = server.store.current(b.pseudonym()).orElseThrow();
        MultiMap choice = MultiMap.caseInsensitiveMultiMap().add("purpose", "DUO:0000007").add("disease", LEUKEMIA)
                .add("version", "0").add("pseudonym", b.pseudonym()).add("signInId", "x").add("patient", b.pseudonym());

        Reply changed = asA.submit("/portal/my/consent", "/portal/my/consent?pseudonym=" + b.pseudonym(), choice);
        Reply revoked = asA.submit("/portal/my/consent", "/portal/my/consent/revoke?pseudonym=" + b.pseudonym(),
                Map.of("version", "1", "pseudonym", b.pseudonym()));

        assertThat(changed.status()).isEqualTo(303);
        assertThat(revoked.status()).isEqualTo(303);
        assertThat(server.store.history(a.pseudonym())).hasSize(2);
        assertThat(server.store.current(a.pseudonym())).get().matches(ConsentRecord::optedOut);
        assertThat(server.store.history(b.pseudonym())).containsExactly(ofB);
    }

    @Test
    void formToken_ofAnotherPatientsSession_isRefusedOnEveryForm() {
        String tokenOfB = PortalClient.csrf(asB.get("/portal/my/consent"));

        for (String form : FORMS) {
            Reply reply = asA.post(form, Map.of("csrf", tokenOfB, "version", "0", "purpose", "DUO:0000042"));

            assertThat(reply.status()).as(form).isEqualTo(403);
        }
        assertThat(server.store.history(a.pseudonym())).isEmpty();
        assertThat(server.store.history(b.pseudonym())).hasSize(1);
        assertThat(asA.get("/portal/my/consent").status()).as("A is still signed in").isEqualTo(200);
    }

    @Test
    void bearerTokensAndNodeCertificates_openNoPortalPage_andThePortalCookieOpensNoApi() {
        var token = server.redeem(server.enroll(server.hospitalA, 1).get(0).enrollmentCode()).session();

        for (String page : PAGES) {
            // These clients follow redirects: each ends on the sign-in page.
            Reply withToken = server.get(server.patientClient(), page, ConsentServer.bearer(token));
            Reply asNode = server.get(server.tlsClient(server.hospitalA), page, Map.of());

            for (Reply reply : List.of(withToken, asNode)) {
                assertThat(reply.text()).as(page).contains("<h1>Sign in</h1>").doesNotContain("Signed in as");
            }
        }
        Reply apiWithCookie = server.get(server.patientClient(), "/api/v1/me/consent",
                Map.of("Cookie", PortalClient.COOKIE + "=" + asA.cookie()));
        assertThat(apiWithCookie.status()).isEqualTo(401);
    }
}
