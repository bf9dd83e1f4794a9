package org.fedomics.consent.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.fedomics.consent.account.SignInBackoff;
import org.fedomics.consent.api.EnrollmentBatch;
import org.fedomics.consent.api.UseReport;
import org.fedomics.consent.portal.PortalRoutes;
import org.fedomics.consent.service.ConsentServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The portal's defences, each on a real server: security headers on every response, pages that
 * need no inline code, the session cookie's flags, a new session at sign-in, form tokens bound
 * to the session, the session's lifetime, sign-in failures, and escaping of every value shown.
 */
class PortalSecurityTest {
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
    private static final Pattern INLINE_CODE = Pattern.compile(
            "<script(?![^>]*\\bsrc=)[^>]*>|<style|\\sstyle=|\\son[a-z]+=|javascript:", Pattern.CASE_INSENSITIVE);
    @TempDir
    Path dir;
    ConsentServer server;
    EnrollmentBatch.Entry patient;
    PortalClient browser;
    String signInId;

    @BeforeEach
    void start() {
        server = new ConsentServer(dir);
        patient = server.enroll(server.hospitalA, 1).get(0);
        browser = new PortalClient(server);
        signInId = browser.enroll(patient.enrollmentCode());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyPortalResponse_carriesTheSecurityHeaders() {
        PortalClient anonymous = new PortalClient(server);
        List<Reply> replies = new ArrayList<>();
        for (String path : List.of("/portal", "/portal/", "/portal/sign-in", "/portal/enroll", "/portal/assets/portal.css",
                "/portal/assets/portal.js", "/portal/assets/ledger-check.js", "/portal/assets/missing.js", "/portal/no-such-page",
                "/portal/my/consent")) {
            replies.add(anonymous.get(path));
        }
        replies.add(anonymous.post("/portal/sign-in", Map.of("signInId", signInId, "passphrase", ConsentServer.PASSPHRASE)));
        for (String path : List.of("/portal/my/consent", "/portal/my/access-log", "/portal/my/welcome", "/portal/my/ledger")) {
            replies.add(browser.get(path));
        }

        for (Reply reply : replies) {
            assertThat(reply.headers().get("Content-Security-Policy")).isEqualTo(CSP).doesNotContain("unsafe");
            assertThat(reply.headers().get("Strict-Transport-Security")).isEqualTo("max-age=31536000; includeSubDomains");
            assertThat(reply.headers().get("X-Frame-Options")).isEqualTo("DENY");
            assertThat(reply.headers().get("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(reply.headers().get("Referrer-Policy")).isEqualTo("no-referrer");
        }
        assertThat(replies).extracting(Reply::status).containsExactly(303, 303, 200, 200, 200, 200, 200, 404, 404, 303, 403, 200, 200, 200,
                200);
        assertThat(replies.get(0).headers().get("Location")).isEqualTo("/portal/");
        assertThat(replies.get(1).headers().get("Location")).isEqualTo("/portal/sign-in");
        assertThat(browser.get("/portal/").headers().get("Location")).isEqualTo("/portal/my/consent");
        assertThat(browser.get("/portal/my/consent").headers().get("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void everyPage_needsNoInlineScriptOrStyle_andDeclaresLanguageAndViewport() {
        List<Reply> pages = List.of(new PortalClient(server).get("/portal/sign-in"), new PortalClient(server).get("/portal/enroll"),
                browser.get("/portal/my/welcome"), browser.get("/portal/my/consent"), browser.get("/portal/my/access-log"),
                browser.get("/portal/nothing-here"));

        for (Reply page : pages) {
            assertThat(INLINE_CODE.matcher(page.text()).find()).as(page.text()).isFalse();
            assertThat(page.text()).startsWith("<!DOCTYPE html>").contains("<html lang=\"en\">")
                    .contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                    .contains("<link rel=\"stylesheet\" href=\"/portal/assets/portal.css\">")
                    .doesNotContain("http://").doesNotContain("https://");
            assertThat(page.headers().get("Content-Type")).isEqualTo("text/html; charset=utf-8");
        }
    }

    @Test
    void sessionCookie_isHostOnlySecureHttpOnlyStrictAndShortLived() {
        Reply page = new PortalClient(server).get("/portal/sign-in");

        String setCookie = page.headers().getAll("set-cookie").stream().filter(c -> c.startsWith(PortalClient.COOKIE + "="))
                .findFirst().orElseThrow();
        String attributes = setCookie.toLowerCase(java.util.Locale.ROOT);
        assertThat(attributes).contains("; secure").contains("; httponly").contains("; samesite=strict").contains("; path=/")
                .contains("; max-age=" + PortalRoutes.SESSION_LIFETIME.toSeconds()).doesNotContain("domain=");
        assertThat(setCookie.substring(PortalClient.COOKIE.length() + 1, setCookie.indexOf(';')).length())
                .as("session id length").isGreaterThanOrEqualTo(32);
    }

    @Test
    void signIn_givesANewSessionId_andTheCookieFromBeforeSignInIsWorthless() {
        PortalClient visitor = new PortalClient(server);
        visitor.get("/portal/sign-in");
        String before = visitor.cookie();

        Reply signedIn = visitor.signIn(signInId, ConsentServer.PASSPHRASE);

        assertThat(signedIn.status()).isEqualTo(303);
        assertThat(signedIn.headers().get("Location")).isEqualTo("/portal/my/consent");
        assertThat(visitor.cookie()).isNotNull().isNotEqualTo(before);
        assertThat(visitor.get("/portal/my/consent").status()).isEqualTo(200);
        PortalClient fixated = new PortalClient(server);
        fixated.cookie(before);
        assertThat(fixated.get("/portal/my/consent").status()).isEqualTo(303);
    }

    @Test
    void forms_withoutTheirSessionsToken_areRefusedAndChangeNothing() {
        String token = PortalClient.csrf(browser.get("/portal/my/consent"));
        String tokenOfAnotherSession = PortalClient.csrf(new PortalClient(server).get("/portal/sign-in"));
        PortalClient visitor = new PortalClient(server);
        String tokenBeforeSignIn = PortalClient.csrf(visitor.get("/portal/sign-in"));
        visitor.signIn(signInId, ConsentServer.PASSPHRASE);

        assertThat(browser.post("/portal/my/consent/revoke", Map.of("version", "0")).status()).isEqualTo(403);
        assertThat(browser.post("/portal/my/consent/revoke", Map.of("version", "0", "csrf", "")).status()).isEqualTo(403);
        assertThat(browser.post("/portal/my/consent/revoke", Map.of("version", "0", "csrf", token + "x")).status()).isEqualTo(403);
        assertThat(browser.post("/portal/my/consent/revoke", Map.of("version", "0", "csrf", tokenOfAnotherSession)).status())
                .isEqualTo(403);
        assertThat(visitor.post("/portal/my/consent/revoke", Map.of("version", "0", "csrf", tokenBeforeSignIn)).status())
                .as("the token is new after sign-in").isEqualTo(403);
        assertThat(server.store.history(patient.pseudonym())).isEmpty();

        Reply withToken = browser.post("/portal/my/consent/revoke", Map.of("version", "0", "csrf", token));

        assertThat(withToken.status()).isEqualTo(303);
        assertThat(server.store.current(patient.pseudonym())).get().matches(r -> r.optedOut());
    }

    @Test
    void signInForm_withoutItsToken_isRefused() {
        PortalClient visitor = new PortalClient(server);

        Reply noSession = visitor.post("/portal/sign-in", Map.of("signInId", signInId, "passphrase", ConsentServer.PASSPHRASE));
        visitor.get("/portal/sign-in");
        Reply noToken = visitor.post("/portal/sign-in", Map.of("signInId", signInId, "passphrase", ConsentServer.PASSPHRASE));

        assertThat(noSession.status()).isEqualTo(403);
        assertThat(noToken.status()).isEqualTo(403);
        assertThat(visitor.get("/portal/my/consent").status()).isEqualTo(303);
    }

    @Test
    void session_endsAfterItsLifetimeFromSignIn() {
        String token = PortalClient.csrf(browser.get("/portal/my/consent"));
        server.clock.advance(PortalRoutes.SESSION_LIFETIME.minusSeconds(1));
        assertThat(browser.get("/portal/my/consent").status()).isEqualTo(200);
        String cookie = browser.cookie();

        server.clock.advance(Duration.ofSeconds(1));
        Reply expired = browser.get("/portal/my/consent");

        assertThat(expired.status()).isEqualTo(303);
        assertThat(expired.headers().get("Location")).isEqualTo("/portal/sign-in?expired");
        assertThat(browser.cookie()).as("the browser is told to drop the cookie").isNull();
        assertThat(browser.get("/portal/sign-in?expired").text()).contains("Your session ended after 15 minutes");
        PortalClient replay = new PortalClient(server);
        replay.cookie(cookie);
        Reply change = replay.post("/portal/my/consent/revoke", Map.of("version", "0", "csrf", token));
        assertThat(change.status()).isIn(303, 403);
        assertThat(server.store.history(patient.pseudonym())).isEmpty();
    }

    @Test
    void signOut_endsTheSession() {
        String cookie = browser.cookie();

        Reply out = browser.submit("/portal/my/consent", "/portal/my/sign-out", Map.of());

        assertThat(out.status()).isEqualTo(303);
        assertThat(out.headers().get("Location")).isEqualTo("/portal/sign-in?signed-out");
        assertThat(browser.cookie()).isNull();
        PortalClient replay = new PortalClient(server);
        replay.cookie(cookie);
        assertThat(replay.get("/portal/my/consent").status()).isEqualTo(303);
    }

    @Test
    void signIn_wrongPassphraseOrUnknownId_showsTheSameProblemAndSignsNobodyIn() {
        PortalClient guesser = new PortalClient(server);

        Reply wrongPassphrase = guesser.signIn(signInId, ConsentServer.PASSPHRASE + "!");
        Reply unknownId = guesser.signIn("0000-0000-0000", ConsentServer.PASSPHRASE);

        assertThat(wrongPassphrase.status()).isEqualTo(401);
        assertThat(unknownId.status()).isEqualTo(401);
        assertThat(wrongPassphrase.text()).contains("role=\"alert\"").contains("The sign-in id or the passphrase is wrong.")
                .contains("value=\"" + signInId + "\"").doesNotContain(ConsentServer.PASSPHRASE);
        assertThat(unknownId.text()).contains("The sign-in id or the passphrase is wrong.");
        assertThat(guesser.get("/portal/my/consent").status()).isEqualTo(303);
    }

    @Test
    void signIn_afterRepeatedFailures_saysWhenToTryAgain() {
        PortalClient guesser = new PortalClient(server);
        for (int i = 0; i <= SignInBackoff.FREE_FAILURES; i++) {
            assertThat(guesser.signIn(signInId, "guess number " + i).status()).isEqualTo(401);
        }

        Reply blocked = guesser.signIn(signInId, ConsentServer.PASSPHRASE);

        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.text()).contains("Too many failed sign-ins for this account; try again after");
        assertThat(guesser.get("/portal/my/consent").status()).isEqualTo(303);
    }

    @Test
    void valuesReportedByNodes_areShownEscaped() {
        String hostile = "<script>alert(1)</script>\"'&<img src=x onerror=alert(2)>";
        server.node(server.hospitalA).postJson("/node/v1/uses", new UseReport(hostile, 1, List.of(patient.pseudonym())), Map.of())
                .await();

        String log = browser.get("/portal/my/access-log").text();
        String consent = browser.get("/portal/my/consent").text();

        String escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;&lt;img src=x onerror=alert(2)&gt;";
        assertThat(log).contains(escaped).doesNotContain("<script>alert").doesNotContain("<img");
        assertThat(consent).contains("name=\"study:" + escaped + "\"").doesNotContain("<script>alert").doesNotContain("<img");
    }

    @Test
    void assets_areServedByTheServiceWithTheirTypeAndRevalidatedByEtag() {
        PortalClient visitor = new PortalClient(server);
        Reply css = visitor.get("/portal/assets/portal.css");
        Reply js = visitor.get("/portal/assets/portal.js");
        Reply ledgerCheck = visitor.get("/portal/assets/ledger-check.js");

        assertThat(css.headers().get("Content-Type")).isEqualTo("text/css; charset=utf-8");
        assertThat(js.headers().get("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(ledgerCheck.headers().get("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(css.headers().get("Cache-Control")).isEqualTo("no-cache");
        assertThat(visitor.cookie()).as("assets need no session").isNull();
        Reply revalidated = server.get(server.patientClient(), "/portal/assets/portal.css",
                Map.of("If-None-Match", css.headers().get("ETag")));
        assertThat(revalidated.status()).isEqualTo(304);
        assertThat(visitor.get("/portal/assets/..%2F..%2Fdb%2Fmigration%2Fconsent%2FV1__consent_records_and_use_log.sql").status())
                .isEqualTo(404);
    }
}
