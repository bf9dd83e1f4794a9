package org.fedomics.consent.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fedomics.consent.account.SignInBackoff;
import org.fedomics.consent.api.EnrollmentBatch;
import org.fedomics.consent.api.NewAccount;
import org.fedomics.consent.api.PatientSession;
import org.fedomics.consent.api.RedeemRequest;
import org.fedomics.consent.api.SignInRequest;
import org.fedomics.consent.service.ConsentServer.Reply;
import org.fedomics.consent.web.LogCapture;
import org.fedomics.consent.web.ServiceResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accounts over the JSON API: the enrollment code opens an account once, with a passphrase the
 * patient chooses; afterwards the sign-in id they were shown and that passphrase give a session.
 * Wrong sign-ins all look alike and make the account wait after a few.
 */
class AccountRoutesTest {
    private static final String REDEEM = "/api/v1/enrollments/redeem";
    private static final String SIGN_IN = "/api/v1/sign-in";
    private static final String SIGN_IN_ID = "[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){2}";
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
    void redeem_withPassphrase_showsASignInIdThatIsNotThePseudonym() {
        EnrollmentBatch.Entry entry = server.enroll(server.hospitalA, 1).get(0);

        NewAccount account = server.redeem(entry.enrollmentCode());

        assertThat(account.signInId()).matches(SIGN_IN_ID);
        assertThat(account.signInId().replace("-", "")).isNotEqualTo(entry.pseudonym().substring(2));
        assertThat(account.session().pseudonym()).isEqualTo(entry.pseudonym());
        assertThat(server.tokens.subject("Bearer " + account.session().token())).isEqualTo(ServiceResult.ok(entry.pseudonym()));
    }

    @Test
    void signIn_withTheShownIdAndPassphrase_speaksForThatPatient() {
        EnrollmentBatch.Entry entry = server.enroll(server.hospitalA, 1).get(0);
        NewAccount account = server.redeem(entry.enrollmentCode());

        Reply reply = signIn(account.signInId().toLowerCase(java.util.Locale.ROOT), ConsentServer.PASSPHRASE);

        assertThat(reply.status()).isEqualTo(200);
        PatientSession session = reply.as(PatientSession.class);
        assertThat(session.pseudonym()).isEqualTo(entry.pseudonym());
        assertThat(server.get(server.patientClient(), "/api/v1/me/uses", ConsentServer.bearer(session)).status()).isEqualTo(200);
    }

    @Test
    void signIn_wrongPassphraseOrUnknownId_answersTheSame401() {
        NewAccount account = server.redeem(server.enroll(server.hospitalA, 1).get(0).enrollmentCode());

        Reply wrongPassphrase = signIn(account.signInId(), ConsentServer.PASSPHRASE + "!");
        Reply unknownId = signIn("0000-0000-0000", ConsentServer.PASSPHRASE);

        assertThat(wrongPassphrase.status()).isEqualTo(401);
        assertThat(unknownId.status()).isEqualTo(401);
        assertThat(wrongPassphrase.text()).isEqualTo(unknownId.text()).doesNotContain("token");
    }

    @Test
    void signIn_afterRepeatedFailures_waitsEvenForTheRightPassphrase_thenWorksAgain() {
        NewAccount account = server.redeem(server.enroll(server.hospitalA, 1).get(0).enrollmentCode());
        for (int i = 0; i <= SignInBackoff.FREE_FAILURES; i++) {
            assertThat(signIn(account.signInId(), "not the passphrase " + i).status()).isEqualTo(401);
        }

        Reply blocked = signIn(account.signInId(), ConsentServer.PASSPHRASE);
        server.clock.advance(SignInBackoff.waitAfter(SignInBackoff.FREE_FAILURES + 1).minusSeconds(1));
        Reply stillBlocked = signIn(account.signInId(), ConsentServer.PASSPHRASE);
        server.clock.advance(Duration.ofSeconds(1));
        Reply afterTheWait = signIn(account.signInId(), ConsentServer.PASSPHRASE);

        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.error()).contains("too many failed sign-ins").contains("try again after");
        assertThat(stillBlocked.status()).isEqualTo(429);
        assertThat(afterTheWait.status()).isEqualTo(200);
    }

    @Test
    void signIn_failuresOfOneAccount_neverMakeAnotherWait() {
        NewAccount attacked = server.redeem(server.enroll(server.hospitalA, 1).get(0).enrollmentCode());
        NewAccount other = server.redeem(server.enroll(server.hospitalA, 1).get(0).enrollmentCode());
        for (int i = 0; i <= SignInBackoff.FREE_FAILURES + 2; i++) {
            signIn(attacked.signInId(), "guess " + i);
        }

        assertThat(signIn(attacked.signInId(), ConsentServer.PASSPHRASE).status()).isEqualTo(429);
        assertThat(signIn(other.signInId(), ConsentServer.PASSPHRASE).status()).isEqualTo(200);
    }

    @Test
    void redeem_withoutOrWithShortPassphrase_answers400AndLeavesTheCodeUsable() {
        String code = server.enroll(server.hospitalA, 1).get(0).enrollmentCode();

        Reply missing = server.sendRaw(server.patientClient(), HttpMethod.POST, REDEEM, Map.of(), "{\"enrollmentCode\":\"" + code + "\"}");
        Reply tooShort = server.sendJson(server.patientClient(), HttpMethod.POST, REDEEM, Map.of(), new RedeemRequest(code, "short"));

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.error()).contains("passphrase is required");
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.error()).contains("at least 12");
        assertThat(server.redeem(code).signInId()).matches(SIGN_IN_ID);
    }

    @Test
    void signIn_blankFields_answer400NamingTheField() {
        assertThat(signIn(" ", ConsentServer.PASSPHRASE).error()).contains("signInId");
        assertThat(signIn("0000-0000-0000", "").error()).contains("passphrase");
        Reply unknownField = server.sendRaw(server.patientClient(), HttpMethod.POST, SIGN_IN, Map.of(),
                "{\"signInId\":\"0000-0000-0000\",\"passphrase\":\"x\",\"pseudonym\":\"P-1\"}");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.error()).contains("unknown field 'pseudonym'");
    }

    @Test
    void enrollAndSignIn_neverWritePassphraseToAnyLogLine() {
        String passphrase = ConsentServer.PASSPHRASE;
        List<String> lines;
        try (LogCapture logs = LogCapture.all()) {
            NewAccount account = server.redeem(server.enroll(server.hospitalA, 1).get(0).enrollmentCode());
            signIn(account.signInId(), passphrase);
            signIn(account.signInId(), passphrase + " wrong");
            lines = new ArrayList<>(logs.lines());
        }

        assertThat(lines).noneMatch(line -> line.contains(passphrase) || line.contains("$argon2id$"));
    }

    private Reply signIn(String signInId, String passphrase) {
        return server.sendJson(server.patientClient(), HttpMethod.POST, SIGN_IN, Map.of(), new SignInRequest(signInId, passphrase));
    }
}
