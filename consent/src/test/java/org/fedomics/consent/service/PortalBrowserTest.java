package org.fedomics.consent.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The portal in a real browser: headless Debian Chromium (with Debian's chromedriver) against the
 * real consent service over TLS on 127.0.0.1. A hospital enrolls a patient, who opens an account,
 * signs in again, narrows their consent, refuses the study that used their records and opts out;
 * a node's snapshot reflects it and the access log shows the use and each change. Every page is
 * kept as a screenshot under {@code target/screenshots/}, including phone-sized ones.
 *
 * <p>Chromium trusts this test's consortium CA for nothing: it is told to accept the consent
 * service's own key only ({@code --ignore-certificate-errors-spki-list}), and every host name but
 * 127.0.0.1 fails to resolve, so the browser reaches nothing else.
 */
class PortalBrowserTest {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String STUDY = "study-T2";
    private static final int MAX_SCREENSHOT_HEIGHT = 4000;
    private static final DeclaredUse LEUKEMIA_STUDY = new DeclaredUse("DUO:0000007", List.of(ConsentServer.ALL), false, true, true,
            "Test University", null);
    /** Selenium's own chatter (CDP version lookups) at WARNING on every run; kept referenced so the level holds. */
    private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");

    @TempDir
    static Path dir;
    static ConsentServer server;
    static ChromeDriverService driverService;
    static ChromeDriver browser;
    static WebDriverWait wait;
    static String base;

    @BeforeAll
    static void start() throws IOException {
        assertThat(new File(CHROMIUM)).as("Debian's chromium (apt-get install chromium chromium-driver; .ci/run does)").exists();
        assertThat(new File(CHROMEDRIVER)).as("Debian's chromedriver (apt-get install chromium-driver; .ci/run does)").exists();
        SELENIUM_LOG.setLevel(Level.SEVERE);
        Files.createDirectories(SCREENSHOTS);
        Path browserTemp = Files.createDirectories(Path.of("target", "chromium-tmp"));
        server = new ConsentServer(dir.resolve("service"));
        base = "https://" + ConsentServer.HOST + ":" + server.port;

        driverService = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .withEnvironment(Map.of("TMPDIR", browserTemp.toAbsolutePath().toString()))
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                "--ignore-certificate-errors-spki-list=" + spkiSha256(server.consent.certificate()));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        browser = new ChromeDriver(driverService, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (driverService != null) {
                driverService.stop();
            }
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void patient_narrowsConsent_refusesAStudyAndOptsOut_andSeesItAllInTheAccessLog() throws Exception {
        try {
            EnrollmentBatch.Entry patient = server.enroll(server.hospitalA, 1).get(0);

            browser.get(base + "/portal/");
            waitForHeading("Sign in");
            shot("01-sign-in");

            navigate(() -> browser.findElement(By.linkText("start with your code")).click(), "Your first sign-in");
            browser.findElement(By.id("enrollment-code")).sendKeys(patient.enrollmentCode());
            browser.findElement(By.id("new-passphrase")).sendKeys(ConsentServer.PASSPHRASE);
            browser.findElement(By.id("repeat-passphrase")).sendKeys(ConsentServer.PASSPHRASE);
            shot("02-first-sign-in");
            navigate(() -> browser.findElement(By.cssSelector("main form button[type=submit]")).click(), "Welcome");
            String signInId = browser.findElement(By.id("new-sign-in-id")).getText();
            assertThat(signInId).matches("[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){2}");
            shot("03-welcome");

            navigate(() -> browser.findElement(By.cssSelector(".sign-out button")).click(), "Sign in");
            assertThat(main()).contains("You are signed out.");
            browser.findElement(By.id("sign-in-id")).sendKeys(signInId.toLowerCase(java.util.Locale.ROOT));
            browser.findElement(By.id("passphrase")).sendKeys(ConsentServer.PASSPHRASE);
            navigate(() -> browser.findElement(By.cssSelector("main form button[type=submit]")).click(), "My consent");
            assertThat(main()).contains("You have not recorded a choice yet");
            assertEveryFieldHasALabel();
            shot("04-consent-before-any-choice");

            browser.findElement(By.id("purpose-HMB")).click();
            assertThat(browser.findElement(By.id("diseases")).isDisplayed()).as("the script hides diseases for other purposes").isFalse();
            save();
            assertThat(main()).contains("Saved.").contains("Your records may be used for health, medical or biomedical research.");
            shot("05-consent-health-research");

            server.clock.advance(Duration.ofMinutes(1));
            browser.findElement(By.id("purpose-DS")).click();
            assertThat(browser.findElement(By.id("diseases")).isDisplayed()).isTrue();
            browser.findElement(By.cssSelector("input[name=disease][value='" + ConsentServer.LEUKEMIA + "']")).click();
            browser.findElement(By.id("no-commercial")).click();
            save();
            assertThat(main()).contains("Your records may be used only for research on leukemia, including the kinds of that disease.")
                    .contains("They may not be used for commercial purposes.");
            shot("06-consent-narrowed");
            assertThat(verdictFor(patient.pseudonym())).isEqualTo("PERMIT");

            server.clock.advance(Duration.ofMinutes(1));
            server.node(server.hospitalA).postJson("/node/v1/uses", new UseReport(STUDY, 1, List.of(patient.pseudonym())), Map.of())
                    .await();
            navigate(() -> browser.findElement(By.linkText("Uses of my data")).click(), "Uses of my data");
            WebElement use = browser.findElement(By.cssSelector("#access-log tr.use"));
            assertThat(use.getText()).contains("Your records were used to train a model (round 1).").contains(STUDY).contains("hospital-a");
            shot("07-access-log-with-use");

            server.clock.advance(Duration.ofMinutes(1));
            navigate(() -> browser.findElement(By.linkText("My consent")).click(), "My consent");
            browser.findElement(By.cssSelector("input[name='study:" + STUDY + "'][value=no]")).click();
            save();
            assertThat(main()).contains("You said no to study " + STUDY + ".");
            shot("08-study-refused");
            assertThat(verdictFor(patient.pseudonym())).as("the next snapshot for the study").isEqualTo("DENY");

            navigate(() -> browser.findElement(By.linkText("Uses of my data")).click(), "Uses of my data");
            List<WebElement> rows = browser.findElements(By.cssSelector("#access-log tbody tr"));
            assertThat(rows.get(0).getText()).contains("You said no to study " + STUDY + ".");
            assertThat(rows.get(1).getText()).contains("Your records were used to train a model (round 1).");
            assertThat(rows).hasSize(4);
            shot("09-access-log-with-refusal");

            server.clock.advance(Duration.ofMinutes(1));
            navigate(() -> browser.findElement(By.linkText("My consent")).click(), "My consent");
            navigate(() -> browser.findElement(By.id("revoke-all")).click(), "My consent");
            assertThat(main()).contains("You opted out. No study will use your records");
            shot("10-opted-out");
            navigate(() -> browser.findElement(By.linkText("Uses of my data")).click(), "Uses of my data");
            assertThat(browser.findElements(By.cssSelector("#access-log tbody tr")).get(0).getText())
                    .contains("You opted out of all research use.");

            browser.manage().window().setSize(new Dimension(390, 844));
            browser.navigate().refresh();
            waitForHeading("Uses of my data");
            assertNoSidewaysScrolling();
            shot("11-access-log-phone");
            navigate(() -> browser.findElement(By.linkText("My consent")).click(), "My consent");
            assertNoSidewaysScrolling();
            shot("12-consent-phone");

            assertThat(browser.manage().logs().get(LogType.BROWSER).getAll()).as("console messages, e.g. CSP violations")
                    .extracting(LogEntry::getMessage).noneMatch(message -> message.contains("Content Security Policy"))
                    .noneMatch(message -> message.contains("Refused"));
        } catch (AssertionError | RuntimeException e) {
            shot("failure");
            throw e;
        }
    }

    /** Clicks the consent form's save button and waits for the page that follows. */
    private static void save() {
        navigate(() -> browser.findElement(By.cssSelector("#consent-form button[type=submit]")).click(), "My consent");
    }

    /** Does what navigates, then waits for the old page to go and a page with this heading to come. */
    private static void navigate(Runnable action, String heading) {
        WebElement old = browser.findElement(By.tagName("html"));
        action.run();
        wait.until(ExpectedConditions.stalenessOf(old));
        waitForHeading(heading);
    }

    private static void waitForHeading(String heading) {
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), heading));
    }

    private static String main() {
        return browser.findElement(By.tagName("main")).getText();
    }

    private static void assertEveryFieldHasALabel() {
        Object unlabelled = ((JavascriptExecutor) browser).executeScript(
                "return Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))"
                        + ".filter(f => f.labels.length === 0).map(f => f.name);");
        assertThat((List<?>) unlabelled).as("form fields without a label").isEmpty();
    }

    private static void assertNoSidewaysScrolling() {
        Object overflow = ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(((Number) overflow).intValue()).as("pixels wider than a phone's screen").isLessThanOrEqualTo(0);
    }

    /** Keeps the whole page: the window grows to the page's height for the screenshot (which shows the window only). */
    private static void shot(String name) throws IOException {
        Dimension window = browser.manage().window().getSize();
        Number height = (Number) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollHeight + window.outerHeight - window.innerHeight;");
        browser.manage().window().setSize(new Dimension(window.getWidth(), Math.min(Math.max(height.intValue(), window.getHeight()),
                MAX_SCREENSHOT_HEIGHT)));
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.manage().window().setSize(window);
        }
    }

    /** The decision a node would get for the study now, from a signed snapshot. */
    private static String verdictFor(String pseudonym) throws Exception {
        SignedSnapshot signed = ApiClient.json(server.node(server.hospitalA).postJson("/node/v1/snapshots",
                new SnapshotRequest(STUDY, 2, LEUKEMIA_STUDY, List.of(pseudonym)), Map.of()), SignedSnapshot.class).await();
        byte[] payload = ArtifactVerifier.forCertificate(server.consent.certificate(), ConsentSnapshot.TYPE).verify(signed.jws());
        return StrictJson.readTrusted(payload, ConsentSnapshot.class).decisions().get(0).verdict();
    }

    /** What Chromium's --ignore-certificate-errors-spki-list names: base64 of the SHA-256 of the key's SubjectPublicKeyInfo. */
    private static String spkiSha256(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
