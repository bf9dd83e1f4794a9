package org.fedomics.consent.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fedomics.consent.service.ConsentServer.ALL;
import static org.fedomics.consent.service.ConsentServer.DS;
import static org.fedomics.consent.service.ConsentServer.LEUKEMIA;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.fedomics.consent.api.ConsentChoice;
import org.fedomics.consent.api.ConsentSnapshot;
import org.fedomics.consent.api.EnrollmentBatch;
import org.fedomics.consent.api.PatientSession;
import org.fedomics.consent.api.SignInRequest;
import org.fedomics.consent.api.SignedSnapshot;
import org.fedomics.consent.api.SnapshotRequest;
import org.fedomics.consent.api.UseReport;
import org.fedomics.consent.policy.ConsentRecord;
import org.fedomics.consent.policy.DuoModifier;
import org.fedomics.consent.policy.DuoPermission;
import org.fedomics.consent.service.ConsentServer.Reply;
import org.fedomics.consent.study.DeclaredUse;
import org.fedomics.consent.web.ApiClient;
import org.fedomics.consent.web.StrictJson;
import org.fedomics.crypto.token.ArtifactVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a patient does in the portal, page by page, checked against what the service stores and
 * decides: first sign-in, choices in plain words, single studies, opting out and back in, stale
 * forms, and the access log.
 */
class PortalConsentPagesTest {
    private static final String CONSENT = "/portal/my/consent";
    private static final DeclaredUse LEUKEMIA_STUDY = new DeclaredUse(DS, List.of(ALL), false, true, true, "Test University", null);
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
    void enroll_showsTheSignInId_whichThenSignsInWithThePassphrase() {
        Reply welcome = browser.get("/portal/my/welcome");
        Reply consent = browser.get(CONSENT);
        Reply api = server.sendJson(server.patientClient(), HttpMethod.POST, "/api/v1/sign-in", Map.of(),
                new SignInRequest(signInId, ConsentServer.PASSPHRASE));
        PortalClient later = new PortalClient(server);
        Reply signedIn = later.signIn(signInId.toLowerCase(java.util.Locale.ROOT), ConsentServer.PASSPHRASE);

        assertThat(signInId).matches("[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){2}");
        assertThat(welcome.text()).contains(signInId).doesNotContain(patient.pseudonym());
        assertThat(consent.text()).contains("You have not recorded a choice yet, so no study may use your records.")
                .contains("Signed in as <span class=\"sign-in-id\">" + signInId + "</span>").doesNotContain(patient.pseudonym());
        assertThat(api.status()).isEqualTo(200);
        assertThat(signedIn.status()).isEqualTo(303);
        assertThat(later.get(CONSENT).status()).isEqualTo(200);
    }

    @Test
    void enroll_withMismatchedOrShortPassphraseOrUsedCode_showsTheProblem() {
        EnrollmentBatch.Entry other = server.enroll(server.hospitalA, 1).get(0);
        PortalClient visitor = new PortalClient(server);

        Reply mismatch = visitor.submit("/portal/enroll", "/portal/enroll", Map.of("enrollmentCode", other.enrollmentCode(),
                "passphrase", ConsentServer.PASSPHRASE, "repeat", ConsentServer.PASSPHRASE + "x"));
        Reply tooShort = visitor.submit("/portal/enroll", "/portal/enroll", Map.of("enrollmentCode", other.enrollmentCode(),
                "passphrase", "too short", "repeat", "too short"));
        Reply used = visitor.submit("/portal/enroll", "/portal/enroll", Map.of("enrollmentCode", patient.enrollmentCode(),
                "passphrase", ConsentServer.PASSPHRASE, "repeat", ConsentServer.PASSPHRASE));

        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.text()).contains("The two passphrases are not the same.");
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.text()).contains("Passphrase must be at least 12 characters long.");
        assertThat(used.status()).isEqualTo(401);
        assertThat(used.text()).contains("This enrollment code is not valid or was already used.");
        assertThat(visitor.get(CONSENT).status()).isEqualTo(303);
        assertThat(new PortalClient(server).enroll(other.enrollmentCode())).as("the code is still usable").isNotBlank();
    }

    @Test
    void changeConsent_savesWhatTheFormSays_andShowsItInPlainWords() {
        Reply saved = save(form("DUO:0000007", true, LEUKEMIA));
        Reply page = browser.get(CONSENT);

        assertThat(saved.status()).isEqualTo(303);
        ConsentRecord stored = server.store.current(patient.pseudonym()).orElseThrow();
        assertThat(stored.permission()).isEqualTo(DuoPermission.DS);
        assertThat(stored.diseaseIds()).containsExactly(LEUKEMIA);
        assertThat(stored.modifiers()).containsExactly(DuoModifier.NCU);
        assertThat(page.text()).contains("Saved. From the next training round on")
                .contains("Your records may be used only for research on leukemia, including the kinds of that disease.")
                .contains("They may not be used for commercial purposes.")
                .contains("value=\"MONDO:0005059\" checked").contains("id=\"no-commercial\" name=\"noCommercial\" value=\"yes\" checked")
                .doesNotContain("role=\"alert\"");
        assertThat(browser.get(CONSENT).text()).as("the notice is shown once").doesNotContain("Saved.");
    }

    @Test
    void changeConsent_diseaseResearchWithoutDisease_isRefusedInPlainWordsAndNothingIsStored() {
        Reply refused = save(form("DUO:0000007", false));
        Reply noPurpose = save(form(null, false));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text()).contains("role=\"alert\"").contains("Choose at least one disease, or another kind of research.")
                .contains("id=\"purpose-DS\" name=\"purpose\" value=\"DUO:0000007\" checked");
        assertThat(noPurpose.text()).contains("Choose what your records may be used for.");
        assertThat(server.store.history(patient.pseudonym())).isEmpty();
    }

    @Test
    void changeConsent_diseasesTickedForAnotherPurpose_areIgnored() {
        save(form("DUO:0000006", false, LEUKEMIA));

        ConsentRecord stored = server.store.current(patient.pseudonym()).orElseThrow();
        assertThat(stored.permission()).isEqualTo(DuoPermission.HMB);
        assertThat(stored.diseaseIds()).isEmpty();
    }

    @Test
    void studyThatUsedTheRecords_canBeRefused_andTheNextSnapshotDeniesIt() {
        save(form("DUO:0000007", false, LEUKEMIA));
        reportUse("study-1", 0);
        server.clock.advance(Duration.ofMinutes(1));
        reportUse("study-1", 1);
        assertThat(browser.get(CONSENT).text()).contains("Study <span class=\"study-id\">study-1</span>")
                .contains("name=\"study:study-1\" value=\"general\" checked");
        assertThat(verdict("study-1")).isEqualTo("PERMIT");

        MultiMap refuse = form("DUO:0000007", false, LEUKEMIA).add("study:study-1", "no");
        Reply saved = save(refuse);

        assertThat(saved.status()).isEqualTo(303);
        assertThat(server.store.current(patient.pseudonym()).orElseThrow().deniedStudies()).containsExactly("study-1");
        assertThat(browser.get(CONSENT).text()).contains("You said no to study study-1.");
        assertThat(verdict("study-1")).isEqualTo("DENY");
    }

    @Test
    void anotherStudy_canBeAnsweredByItsId_andAnInvalidIdIsRefused() {
        MultiMap yes = form("DUO:0000007", false, LEUKEMIA).add("newStudy", "study-9").add("newStudyAnswer", "yes");
        MultiMap invalid = form("DUO:0000007", false, LEUKEMIA).add("newStudy", "study 9; drop").add("newStudyAnswer", "no");
        MultiMap noAnswer = form("DUO:0000007", false, LEUKEMIA).add("newStudy", "study-10");

        assertThat(save(invalid).text()).contains("A study id has only letters, digits");
        assertThat(save(noAnswer).text()).contains("Say yes or no for study study-10.");
        assertThat(save(yes).status()).isEqualTo(303);
        assertThat(server.store.current(patient.pseudonym()).orElseThrow().permittedStudies()).containsExactly("study-9");
    }

    @Test
    void revokeAndResume_flipOnlyTheOptOut_keepingEveryOtherChoice() {
        save(form("DUO:0000007", true, LEUKEMIA).add("newStudy", "study-9").add("newStudyAnswer", "no"));
        ConsentRecord chosen = server.store.current(patient.pseudonym()).orElseThrow();

        Reply revoked = browser.submit(CONSENT, "/portal/my/consent/revoke", Map.of("version", "1"));
        Reply revokedPage = browser.get(CONSENT);
        ConsentRecord optedOut = server.store.current(patient.pseudonym()).orElseThrow();
        Reply resumed = browser.submit(CONSENT, "/portal/my/consent/resume", Map.of("version", "2"));
        ConsentRecord back = server.store.current(patient.pseudonym()).orElseThrow();

        assertThat(revoked.status()).isEqualTo(303);
        assertThat(optedOut.optedOut()).isTrue();
        assertThat(revokedPage.text()).contains("You opted out. No study will use your records")
                .contains("You opted out of all research use: no study may use your records").contains("id=\"resume\"");
        assertThat(resumed.status()).isEqualTo(303);
        assertThat(back.optedOut()).isFalse();
        for (ConsentRecord version : List.of(optedOut, back)) {
            assertThat(version.permission()).isEqualTo(chosen.permission());
            assertThat(version.diseaseIds()).isEqualTo(chosen.diseaseIds());
            assertThat(version.modifiers()).isEqualTo(chosen.modifiers());
            assertThat(version.deniedStudies()).isEqualTo(chosen.deniedStudies());
        }
    }

    @Test
    void revoke_beforeAnyChoice_optsOut() {
        Reply revoked = browser.submit(CONSENT, "/portal/my/consent/revoke", Map.of("version", "0"));

        assertThat(revoked.status()).isEqualTo(303);
        assertThat(server.store.current(patient.pseudonym()).orElseThrow().optedOut()).isTrue();
        assertThat(verdict("study-1")).isEqualTo("DENY");
    }

    @Test
    void formShownBeforeAChangeElsewhere_isRefusedWithTheCurrentConsent() {
        String token = PortalClient.csrf(browser.get(CONSENT));
        PortalClient otherWindow = new PortalClient(server);
        otherWindow.signIn(signInId, ConsentServer.PASSPHRASE);
        otherWindow.submit(CONSENT, "/portal/my/consent/revoke", Map.of("version", "0"));

        MultiMap stale = form("DUO:0000042", false).add("version", "0");
        stale.set("csrf", token);
        Reply refused = browser.post(CONSENT, stale);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text()).contains("Your consent was changed somewhere else").contains("id=\"resume\"");
        assertThat(server.store.history(patient.pseudonym())).hasSize(1);
    }

    @Test
    void conditionsTheFormDoesNotShow_areListedAndKeptWhenTheFormIsSaved() {
        PatientSession api = server.sendJson(server.patientClient(), HttpMethod.POST, "/api/v1/sign-in", Map.of(),
                new SignInRequest(signInId, ConsentServer.PASSPHRASE)).as(PatientSession.class);
        assertThat(server.choose(api, new ConsentChoice(DS, List.of(LEUKEMIA), List.of("DUO:0000021", "DUO:0000025", "DUO:0000045"),
                Map.of("DUO:0000025", "24"), null, null, null, false)).status()).isEqualTo(200);

        String page = browser.get(CONSENT).text();
        Reply saved = save(form("DUO:0000006", true));

        assertThat(page).contains("Also kept as they are").contains("Only studies approved by an ethics committee may use them.")
                .contains("They may be used for 24 months from the day you gave this consent.")
                .contains("id=\"no-commercial\" name=\"noCommercial\" value=\"yes\" checked");
        assertThat(saved.status()).isEqualTo(303);
        ConsentRecord stored = server.store.current(patient.pseudonym()).orElseThrow();
        assertThat(stored.permission()).isEqualTo(DuoPermission.HMB);
        assertThat(stored.modifiers()).containsExactlyInAnyOrder(DuoModifier.IRB, DuoModifier.TS, DuoModifier.NPU);
        assertThat(stored.parameter(DuoModifier.TS)).isEqualTo("24");
        save(form("DUO:0000006", false));
        assertThat(server.store.current(patient.pseudonym()).orElseThrow().modifiers())
                .as("unticking removes every not-for-profit or non-commercial term").containsExactlyInAnyOrder(DuoModifier.IRB, DuoModifier.TS);
    }

    @Test
    void accessLog_listsUsesWithStudyRoundAndHospital_andConsentChangesInWords_newestFirst() {
        save(form("DUO:0000007", false, LEUKEMIA));
        reportUse("study-1", 0);
        server.clock.advance(Duration.ofMinutes(1));
        reportUse("study-1", 1);
        server.clock.advance(Duration.ofMinutes(1));
        reportUse("study-1", 2);
        server.clock.advance(Duration.ofMinutes(1));
        reportUse("study-1", org.fedomics.consent.study.NodeTask.AUDIT_ROUND);
        server.clock.advance(Duration.ofMinutes(1));
        save(form("DUO:0000007", false, LEUKEMIA).add("study:study-1", "no"));

        String log = browser.get("/portal/my/access-log").text();

        assertThat(log).contains("<caption>Access log</caption>").contains("<th scope=\"col\">Hospital</th>");
        int refusal = log.indexOf("You said no to study study-1.");
        int audit = log.indexOf("Your records were counted in the fairness audit of the study");
        int round2 = log.indexOf("Your records were used to train a model (round 2).");
        int round1 = log.indexOf("Your records were used to train a model (round 1).");
        int statistics = log.indexOf("Your records were counted in the summary statistics of the study");
        int first = log.indexOf("You gave your consent.");
        assertThat(refusal).isPositive().isLessThan(audit);
        assertThat(audit).isLessThan(round2);
        assertThat(round2).isLessThan(round1);
        assertThat(round1).isLessThan(statistics);
        assertThat(statistics).isLessThan(first);
        assertThat(log).doesNotContain("round 0").doesNotContain("round " + org.fedomics.consent.study.NodeTask.AUDIT_ROUND);
        assertThat(log).contains("<td data-label=\"Study\">study-1</td>").contains("<td data-label=\"Hospital\">hospital-a</td>")
                .contains("data-kind=\"use\"").contains("data-kind=\"consent\"").contains("Consent version 2:");
    }

    @Test
    void accessLog_withoutJavaScript_listsEveryEntry_markedAsNotChecked_withWhatItsLedgerEventRecords() {
        save(form("DUO:0000007", false, LEUKEMIA));
        reportUse("study-1", 3);

        String log = browser.get("/portal/my/access-log").text();

        assertThat(log).contains("<script src=\"/portal/assets/ledger-check.js\" defer></script>")
                .contains("<th scope=\"col\">Checked</th>")
                .contains("<p id=\"ledger-check\" class=\"ledger-check\" role=\"status\">Checking these entries against the ledger "
                        + "needs\nJavaScript, which is off or not available in this browser. The entries are listed all the same.</p>");
        assertThat(log.split("Not checked: checking needs JavaScript\\.", -1)).as("one per entry").hasSize(3);
        assertThat(log).containsPattern("data-kind=\"use\" data-at=\"[^\"]+\" data-study=\"study-1\" data-round=\"3\" "
                + "data-hospital=\"hospital-a\" data-version=\"\">");
        assertThat(log).containsPattern("data-kind=\"consent\" data-at=\"[^\"]+\" data-study=\"\" data-round=\"\" "
                + "data-hospital=\"\" data-version=\"1\">");
    }

    private MultiMap form(String purpose, boolean noCommercial, String... diseases) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap();
        if (purpose != null) {
            form.add("purpose", purpose);
        }
        for (String disease : diseases) {
            form.add("disease", disease);
        }
        if (noCommercial) {
            form.add("noCommercial", "yes");
        }
        return form;
    }

    /** Sends the consent form as shown now (its token and version) with these fields. */
    private Reply save(MultiMap fields) {
        Reply page = browser.get(CONSENT);
        String version = page.text().replaceAll("(?s).*name=\"version\" value=\"(\\d+)\".*", "$1");
        MultiMap form = MultiMap.caseInsensitiveMultiMap().addAll(fields);
        if (!form.contains("version")) {
            form.add("version", version);
        }
        form.set("csrf", PortalClient.csrf(page));
        return browser.post(CONSENT, form);
    }

    private void reportUse(String study, int round) {
        server.node(server.hospitalA).postJson("/node/v1/uses", new UseReport(study, round, List.of(patient.pseudonym())), Map.of())
                .await();
    }

    private String verdict(String study) {
        SignedSnapshot signed = ApiClient.json(server.node(server.hospitalA).postJson("/node/v1/snapshots",
                new SnapshotRequest(study, 1, LEUKEMIA_STUDY, List.of(patient.pseudonym())), Map.of()), SignedSnapshot.class).await();
        byte[] payload;
        try {
            payload = ArtifactVerifier.forCertificate(server.consent.certificate(), ConsentSnapshot.TYPE).verify(signed.jws());
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError("the snapshot's signature does not verify", e);
        }
        return StrictJson.readTrusted(payload, ConsentSnapshot.class).decisions().get(0).verdict();
    }
}
