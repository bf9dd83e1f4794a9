package org.fedomics.consent.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.fedomics.consent.api.ConsentSnapshot;
import org.fedomics.consent.api.EnrollmentBatch;
import org.fedomics.consent.api.SignedSnapshot;
import org.fedomics.consent.api.SnapshotRequest;
import org.fedomics.consent.api.UseReport;
import org.fedomics.consent.study.DeclaredUse;
import org.fedomics.consent.web.ApiClient;
import org.fedomics.consent.web.StrictJson;
import org.fedomics.crypto.token.ArtifactVerifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The portal in a real browser ({@link PortalBrowser}: headless Debian Chromium against the real
 * consent service over TLS on 127.0.0.1). A hospital enrolls a patient, who opens an account,
 * signs in again, narrows their consent, refuses the study that used their records and opts out;
 * a node's snapshot reflects it, and the access log shows the use and each change, every entry
 * verified in the browser against the ledger and each new tree head against the one the browser
 * saw before. Every page is kept as a screenshot under {@code target/screenshots/}, including
 * phone-sized ones.
 */
class PortalBrowserTest {
    private static final String STUDY = "study-T2";
    private static final DeclaredUse LEUKEMIA_STUDY = new DeclaredUse("DUO:0000007", List.of(ConsentServer.ALL), false, true, true,
            "Test University", null);
    private static final String FIRST_CHECK = "This browser had not checked this ledger before; from now on it also checks that the "
            + "ledger only grows.";

    @TempDir
    static Path dir;
    static ConsentServer server;
    static PortalBrowser chromium;
    static ChromeDriver browser;

    @BeforeAll
    static void start() throws IOException {
        server = new ConsentServer(dir.resolve("service"));
        chromium = new PortalBrowser(server);
        browser = chromium.driver;
    }

    @AfterAll
    static void stop() {
        try (ConsentServer closedLast = server; PortalBrowser closedFirst = chromium) {
            // nothing to do: leaving the block closes the browser, then the server (a null one, not started, is skipped)
        }
    }

    @Test
    void patient_narrowsConsent_refusesAStudyAndOptsOut_andSeesItAllVerifiedInTheAccessLog() throws Exception {
        try {
            EnrollmentBatch.Entry patient = server.enroll(server.hospitalA, 1).get(0);

            chromium.open("/portal/");
            chromium.waitForHeading("Sign in");
            chromium.shot("01-sign-in");

            chromium.navigate(() -> browser.findElement(By.linkText("start with your code")).click(), "Your first sign-in");
            browser.findElement(By.id("enrollment-code")).sendKeys(patient.enrollmentCode());
            browser.findElement(By.id("new-passphrase")).sendKeys(ConsentServer.PASSPHRASE);
            browser.findElement(By.id("repeat-passphrase")).sendKeys(ConsentServer.PASSPHRASE);
            chromium.shot("02-first-sign-in");
            chromium.navigate(() -> browser.findElement(By.cssSelector("main form button[type=submit]")).click(), "Welcome");
            String signInId = browser.findElement(By.id("new-sign-in-id")).getText();
            assertThat(signInId).matches("[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){2}");
            chromium.shot("03-welcome");

            chromium.navigate(() -> browser.findElement(By.cssSelector(".sign-out button")).click(), "Sign in");
            assertThat(chromium.main()).contains("You are signed out.");
            browser.findElement(By.id("sign-in-id")).sendKeys(signInId.toLowerCase(java.util.Locale.ROOT));
            browser.findElement(By.id("passphrase")).sendKeys(ConsentServer.PASSPHRASE);
            chromium.navigate(() -> browser.findElement(By.cssSelector("main form button[type=submit]")).click(), "My consent");
            assertThat(chromium.main()).contains("You have not recorded a choice yet");
            assertEveryFieldHasALabel();
            chromium.shot("04-consent-before-any-choice");

            browser.findElement(By.id("purpose-HMB")).click();
            assertThat(browser.findElement(By.id("diseases")).isDisplayed()).as("the script hides diseases for other purposes").isFalse();
            save();
            assertThat(chromium.main()).contains("Saved.").contains("Your records may be used for health, medical or biomedical research.");
            chromium.shot("05-consent-health-research");

            server.clock.advance(Duration.ofMinutes(1));
            browser.findElement(By.id("purpose-DS")).click();
            assertThat(browser.findElement(By.id("diseases")).isDisplayed()).isTrue();
            browser.findElement(By.cssSelector("input[name=disease][value='" + ConsentServer.LEUKEMIA + "']")).click();
            browser.findElement(By.id("no-commercial")).click();
            save();
            assertThat(chromium.main()).contains("Your records may be used only for research on leukemia, including the kinds of that disease.")
                    .contains("They may not be used for commercial purposes.");
            chromium.shot("06-consent-narrowed");
            assertThat(verdictFor(patient.pseudonym())).isEqualTo("PERMIT");

            server.clock.advance(Duration.ofMinutes(1));
            server.node(server.hospitalA).postJson("/node/v1/uses", new UseReport(STUDY, 1, List.of(patient.pseudonym())), Map.of())
                    .await();
            long firstHead = server.ledger.size();
            openAccessLog();
            WebElement use = browser.findElement(By.cssSelector("#access-log tr.use"));
            assertThat(use.getText()).contains("Your records were used to train a model (round 1).").contains(STUDY).contains("hospital-a");
            assertThat(chromium.ledgerCheck()).isEqualTo("3 of 3 entries verified against tree head of size " + firstHead + ". "
                    + FIRST_CHECK);
            assertEveryEntryVerified(3);
            chromium.shot("07-access-log-with-use");

            server.clock.advance(Duration.ofMinutes(1));
            chromium.navigate(() -> browser.findElement(By.linkText("My consent")).click(), "My consent");
            browser.findElement(By.cssSelector("input[name='study:" + STUDY + "'][value=no]")).click();
            save();
            assertThat(chromium.main()).contains("You said no to study " + STUDY + ".");
            chromium.shot("08-study-refused");
            assertThat(verdictFor(patient.pseudonym())).as("the next snapshot for the study").isEqualTo("DENY");

            long secondHead = server.ledger.size();
            openAccessLog();
            List<WebElement> rows = browser.findElements(By.cssSelector("#access-log tbody tr"));
            assertThat(rows.get(0).getText()).contains("You said no to study " + STUDY + ".");
            assertThat(rows.get(1).getText()).contains("Your records were used to train a model (round 1).");
            assertThat(rows).hasSize(4);
            assertThat(chromium.ledgerCheck()).isEqualTo("4 of 4 entries verified against tree head of size " + secondHead + ". "
                    + grewSince(firstHead));
            assertEveryEntryVerified(4);
            chromium.shot("09-access-log-with-refusal");

            server.clock.advance(Duration.ofMinutes(1));
            chromium.navigate(() -> browser.findElement(By.linkText("My consent")).click(), "My consent");
            chromium.navigate(() -> browser.findElement(By.id("revoke-all")).click(), "My consent");
            assertThat(chromium.main()).contains("You opted out. No study will use your records");
            chromium.shot("10-opted-out");
            long thirdHead = server.ledger.size();
            openAccessLog();
            assertThat(browser.findElements(By.cssSelector("#access-log tbody tr")).get(0).getText())
                    .contains("You opted out of all research use.");
            assertThat(chromium.ledgerCheck()).isEqualTo("5 of 5 entries verified against tree head of size " + thirdHead + ". "
                    + grewSince(secondHead));
            assertEveryEntryVerified(5);

            // Another patient's use grows the ledger; this patient's next look checks it only grew.
            EnrollmentBatch.Entry other = server.enroll(server.hospitalA, 1).get(0);
            server.node(server.hospitalA).postJson("/node/v1/uses", new UseReport(STUDY, 2, List.of(other.pseudonym())), Map.of())
                    .await();
            assertThat(server.ledger.size()).isEqualTo(thirdHead + 1);
            browser.manage().window().setSize(new Dimension(390, 844));
            browser.navigate().refresh();
            chromium.waitForHeading("Uses of my data");
            assertThat(chromium.ledgerCheck()).isEqualTo("5 of 5 entries verified against tree head of size " + (thirdHead + 1) + ". "
                    + grewSince(thirdHead));
            assertEveryEntryVerified(5);
            assertNoSidewaysScrolling();
            chromium.shot("11-access-log-phone");
            chromium.navigate(() -> browser.findElement(By.linkText("My consent")).click(), "My consent");
            assertNoSidewaysScrolling();
            chromium.shot("12-consent-phone");

            assertThat(chromium.consoleMessages()).as("console messages, e.g. CSP violations")
                    .noneMatch(message -> message.contains("Content Security Policy"))
                    .noneMatch(message -> message.contains("Refused"));
        } catch (AssertionError | RuntimeException e) {
            chromium.shot("failure");
            throw e;
        }
    }

    private static String grewSince(long size) {
        return "Consistency proof verified: the ledger only grew since this browser last checked it at tree head of size " + size + ".";
    }

    private static void openAccessLog() {
        chromium.navigate(() -> browser.findElement(By.linkText("Uses of my data")).click(), "Uses of my data");
    }

    /** Every row says, in words, that it was verified, and names its ledger entry; no two rows name the same one. */
    private static void assertEveryEntryVerified(int rows) {
        assertThat(chromium.checkedColumn()).hasSize(rows).allMatch(state -> state.matches("Verified \\(ledger entry \\d+\\)\\."));
        List<String> leaves = browser.findElements(By.cssSelector("#access-log tbody tr.entry")).stream()
                .map(row -> row.getDomAttribute("data-leaf")).toList();
        assertThat(leaves).doesNotContainNull().doesNotHaveDuplicates();
    }

    /** Clicks the consent form's save button and waits for the page that follows. */
    private static void save() {
        chromium.navigate(() -> browser.findElement(By.cssSelector("#consent-form button[type=submit]")).click(), "My consent");
    }

    private static void assertEveryFieldHasALabel() {
        Object unlabelled = chromium.script(
                "return Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))"
                        + ".filter(f => f.labels.length === 0).map(f => f.name);");
        assertThat((List<?>) unlabelled).as("form fields without a label").isEmpty();
    }

    private static void assertNoSidewaysScrolling() {
        Object overflow = chromium.script("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(((Number) overflow).intValue()).as("pixels wider than a phone's screen").isLessThanOrEqualTo(0);
    }

    /** The decision a node would get for the study now, from a signed snapshot. */
    private static String verdictFor(String pseudonym) throws Exception {
        SignedSnapshot signed = ApiClient.json(server.node(server.hospitalA).postJson("/node/v1/snapshots",
                new SnapshotRequest(STUDY, 2, LEUKEMIA_STUDY, List.of(pseudonym)), Map.of()), SignedSnapshot.class).await();
        byte[] payload = ArtifactVerifier.forCertificate(server.consent.certificate(), ConsentSnapshot.TYPE).verify(signed.jws());
        return StrictJson.readTrusted(payload, ConsentSnapshot.class).decisions().get(0).verdict();
    }
}
