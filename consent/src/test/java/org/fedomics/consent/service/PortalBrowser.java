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
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
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
 * Headless Debian Chromium (with Debian's chromedriver) on the portal of one {@link ConsentServer},
 * over TLS on 127.0.0.1, with what the browser tests do there: navigate and wait, read the page,
 * run a script, keep a screenshot under {@code target/screenshots/}.
 *
 * <p>Chromium trusts the test's consortium CA for nothing: it is told to accept the consent
 * service's own key only ({@code --ignore-certificate-errors-spki-list}), and every host name but
 * 127.0.0.1 fails to resolve, so the browser reaches nothing else.
 */
final class PortalBrowser implements AutoCloseable {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final int MAX_SCREENSHOT_HEIGHT = 4000;
    /** What the access log's check says once it is done, whatever it found. */
    private static final Pattern LEDGER_CHECK_DONE = Pattern.compile("verified against tree head|could not be verified|No entries to check");
    /** Selenium's own chatter (CDP version lookups) at WARNING on every run; kept referenced so the level holds. */
    private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");

    final ChromeDriver driver;
    final WebDriverWait wait;
    private final String base;
    private final ChromeDriverService driverService;

    PortalBrowser(ConsentServer server) throws IOException {
        assertThat(new File(CHROMIUM)).as("Debian's chromium (apt-get install chromium chromium-driver; .ci/run does)").exists();
        assertThat(new File(CHROMEDRIVER)).as("Debian's chromedriver (apt-get install chromium-driver; .ci/run does)").exists();
        SELENIUM_LOG.setLevel(Level.SEVERE);
        Files.createDirectories(SCREENSHOTS);
        Path browserTemp = Files.createDirectories(Path.of("target", "chromium-tmp"));
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
        try {
            driver = new ChromeDriver(driverService, options);
        } catch (RuntimeException e) {
            driverService.stop();
            throw e;
        }
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    /** Opens a page of the service by its path. */
    void open(String path) {
        driver.get(base + path);
    }

    /** Does what navigates, then waits for the old page to go and a page with this heading to come. */
    void navigate(Runnable action, String heading) {
        WebElement old = driver.findElement(By.tagName("html"));
        action.run();
        wait.until(d -> isGone(old));
        waitForHeading(heading);
    }

    /**
     * Whether the element left the document. ChromeDriver reports that either as a stale element or,
     * when the page is swapped mid-call, as "node ... does not belong to the document".
     */
    private static boolean isGone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return true;
        } catch (org.openqa.selenium.WebDriverException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    void waitForHeading(String heading) {
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), heading));
    }

    String main() {
        return driver.findElement(By.tagName("main")).getText();
    }

    /** Waits until the access log's check against the ledger is done, and returns its summary. */
    String ledgerCheck() {
        wait.until(ExpectedConditions.textMatches(By.id("ledger-check"), LEDGER_CHECK_DONE));
        return driver.findElement(By.id("ledger-check")).getText();
    }

    /** What the access log's "Checked" column says, row by row from the top. */
    List<String> checkedColumn() {
        return driver.findElements(By.cssSelector("#access-log tbody tr.entry td.proof")).stream().map(WebElement::getText).toList();
    }

    /** Runs a script in the page; a promise it returns is awaited. */
    Object script(String script, Object... arguments) {
        return driver.executeScript(script, arguments);
    }

    /** The browser's console messages since the last call (CSP violations show up here). */
    List<String> consoleMessages() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList();
    }

    /** Keeps the whole page: the window grows to the page's height for the screenshot (which shows the window only). */
    void shot(String name) throws IOException {
        Dimension window = driver.manage().window().getSize();
        Number height = (Number) driver.executeScript(
                "return document.documentElement.scrollHeight + window.outerHeight - window.innerHeight;");
        driver.manage().window().setSize(new Dimension(window.getWidth(), Math.min(Math.max(height.intValue(), window.getHeight()),
                MAX_SCREENSHOT_HEIGHT)));
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } finally {
            driver.manage().window().setSize(window);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            driverService.stop();
        }
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
