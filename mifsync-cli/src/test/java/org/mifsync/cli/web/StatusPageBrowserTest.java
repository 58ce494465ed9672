package org.mifsync.cli.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mifsync.model.SmsId;
import org.mifsync.resync.store.InventoryStore;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The status page of a real {@code site run --http} in a real headless browser (Debian's chromium
 * and chromedriver, never downloaded): it renders, the search finds a client by name and by
 * SMSID, its links lead where they say, values a client chose stay text, and the console shows no
 * error. It also takes the README's screenshot: {@code -Dmifsync.screenshot=true} writes it to
 * {@code docs/status-page.png}; otherwise the test only checks that the page renders one.
 */
class StatusPageBrowserTest {

    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    /** A NetBIOS name with every character HTML cares about that NetBIOS allows. */
    static final String HOSTILE_NAME = "A&B'C=1;%20";
    /** A class name (classes may hold anything but control characters) that would be a script. */
    static final String HOSTILE_CLASS = "<script>alert(\"x\")</script>|'ONE'|1.0";
    /** A quarantine detail with markup and a control character. */
    static final String HOSTILE_DETAIL = "seen as <img src=x onerror=alert(1)> and \"B\"\u0007";

    @TempDir
    Path dir;

    ChromeDriver browser;

    @AfterEach
    void quit() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** Skips on a developer's machine without the packages (saying so); fails in CI, which installs them. */
    static void requireBrowser() {
        boolean installed = java.nio.file.Files.isExecutable(CHROMEDRIVER) && java.nio.file.Files.isExecutable(CHROMIUM);
        if (!"true".equals(System.getenv("CI"))) {
            // a fresh clone without a browser stays green, as with the corpus; CI installs both and must run it
            org.junit.jupiter.api.Assumptions.assumeTrue(installed, "browser test skipped: " + CHROMIUM + " or "
                    + CHROMEDRIVER + " is missing (apt-get install chromium chromium-driver)");
        }
        assertThat(CHROMEDRIVER).as("Debian's chromium-driver (apt-get install chromium chromium-driver)")
                .isExecutable();
        assertThat(CHROMIUM).as("Debian's chromium").isExecutable();
    }

    ChromeDriver browser() {
        ChromeOptions options = new ChromeOptions();
        // the binary and the driver are named, so Selenium Manager has nothing to find or download
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1800", "--no-first-run", "--disable-extensions", "--disable-background-networking",
                "--disable-component-update", "--disable-sync");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        // proof that Selenium Manager (which would download a driver and a browser) stayed out of it
        java.util.logging.Logger finder = java.util.logging.Logger.getLogger(
                "org.openqa.selenium.remote.service.DriverFinder");
        List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler hear = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                said.add(r.getParameters() == null ? r.getMessage() : String.format(r.getMessage(), r.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        hear.setLevel(Level.ALL);
        Level before = finder.getLevel();
        finder.setLevel(Level.ALL);
        finder.addHandler(hear);
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options);
        } finally {
            finder.removeHandler(hear);
            finder.setLevel(before);
        }
        assertThat(said).as("DriverFinder's log").anySatisfy(line -> assertThat(line)
                .startsWith("Skipping Selenium Manager"));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return driver;
    }

    @Test
    void thePageRendersFindsClientsFollowsItsLinksAndKeepsClientValuesAsText() throws Exception {
        requireBrowser();
        try (WatchedSite site = WatchedSite.create(dir)) {
            site.dropFull(site.ls1, "PC1", "CEN00001", "MICROSOFT|COMPUTER_SYSTEM|1.0");
            site.dropFull(site.ls1, "PC2", "CEN00002", HOSTILE_CLASS);
            site.dropFull(site.ls2, "PC5", "CEN00005", "MICROSOFT|COMPUTER_SYSTEM|1.0");
            site.dropOrphanDelta(site.ls2, HOSTILE_NAME, "CEN00003");
            site.start("127.0.0.1:0");
            site.await("four reports decided", () -> site.metrics().entrySet().stream()
                    .filter(e -> e.getKey().startsWith("mifsync_reports_decided_total{"))
                    .mapToDouble(Map.Entry::getValue).sum() == 4);
            try (InventoryStore store = InventoryStore.openEmbedded(site.storeFile(), Clock.systemUTC())) {
                store.inTransaction(tx -> {
                    tx.clients().quarantine(tx.clients().client(SmsId.parse("CEN00005")).orElseThrow().id(), HOSTILE_DETAIL,
                            Clock.systemUTC().instant());
                    return null;
                });
            }

            browser = browser();
            browser.get(site.base() + "/");
            assertThat(browser.getTitle()).isEqualTo("mifsync site status");
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("mifsync site CEN");
            assertThat(browser.findElement(By.id("readiness")).getText()).startsWith("Ready");
            List<WebElement> servers = browser.findElements(By.cssSelector("#hierarchy tr.logon-server"));
            assertThat(servers).extracting(WebElement::getText).satisfiesExactly(
                    row -> assertThat(row).startsWith("CEN Central (central) SALES LS1").endsWith("answered 0 2"),
                    row -> assertThat(row).startsWith("CEN Central (central) SALES LS2").endsWith("answered 0 2"));
            assertThat(browser.findElement(By.id("newest-cycle")).getText()).startsWith("Newest: cycle ");
            assertThat(browser.findElements(By.cssSelector("#cycles tbody tr"))).isNotEmpty();
            assertThat(browser.findElements(By.cssSelector("#outcome-chart rect.bar"))).isNotEmpty();
            assertThat(browser.findElement(By.id("outcome-legend")).getText()).contains("APPLIED_FULL 3",
                    "NO_BASELINE 1");
            assertThat(browser.findElement(By.id("figure-pending")).getText()).startsWith("1");
            assertThat(browser.findElement(By.id("figure-quarantined-count")).getText()).startsWith("1");

            // what a client chose stays text: no element, no script, no alert
            WebElement pendingLink = browser.findElement(By.cssSelector("#pending a.client"));
            assertThat(pendingLink.getText()).isEqualTo(HOSTILE_NAME);
            WebElement why = browser.findElement(By.cssSelector("#quarantined-table tbody tr td:last-child"));
            assertThat(why.getText()).isEqualTo(HOSTILE_DETAIL.replace('\u0007', '\uFFFD'));
            assertThat(browser.findElements(By.tagName("script"))).isEmpty();
            assertThat(browser.findElements(By.tagName("img"))).isEmpty();
            assertNoAlert();

            screenshot();

            // links lead where they say
            pendingLink.click();
            assertThat(browser.getCurrentUrl()).isEqualTo(site.base() + "/client?q=CEN00003");
            assertThat(browser.findElement(By.cssSelector("#client-identity")).getText())
                    .contains("Name " + HOSTILE_NAME, "SMSID CEN00003", "Domain SALES");
            assertThat(browser.findElement(By.id("client-requests")).getText()).contains("HW", "NO_BASELINE");
            browser.navigate().back();
            browser.findElement(By.cssSelector("#quarantined-table a.client")).click();
            assertThat(browser.getCurrentUrl()).isEqualTo(site.base() + "/client?q=CEN00005");
            assertThat(browser.findElement(By.id("client-quarantine")).getText()).startsWith("QUARANTINED since");
            browser.findElement(By.id("nav-metrics")).click();
            assertThat(browser.getCurrentUrl()).isEqualTo(site.base() + "/metrics");
            assertThat(browser.findElement(By.tagName("body")).getText()).contains("mifsync_reports_decided_total");
            browser.navigate().back();
            browser.findElement(By.id("nav-ready")).click();
            assertThat(browser.getCurrentUrl()).isEqualTo(site.base() + "/health/ready");
            assertThat(browser.findElement(By.tagName("body")).getText()).isEqualTo("ready");
            browser.navigate().back();
            browser.findElement(By.id("nav-status")).click();
            assertThat(browser.getCurrentUrl()).isEqualTo(site.base() + "/");

            // the search finds a client by name, any case, and by SMSID, and shows what client show shows
            search("pc1");
            assertThat(browser.getCurrentUrl()).isEqualTo(site.base() + "/client?q=pc1");
            assertThat(browser.findElement(By.id("client-identity")).getText()).contains("Name PC1", "SMSID CEN00001");
            assertThat(browser.findElement(By.id("kind-HW")).getText()).startsWith("Version 1.0");
            assertThat(browser.findElement(By.id("client-load-log")).getText()).contains("APPLIED_FULL");
            search("CEN00002");
            assertThat(browser.findElement(By.id("client-identity")).getText()).contains("Name PC2");
            assertThat(browser.findElement(By.cssSelector("table.classes tbody td")).getText()).isEqualTo(HOSTILE_CLASS);
            assertThat(browser.findElement(By.id("q")).getAttribute("value")).isEqualTo("CEN00002");
            search(HOSTILE_NAME);
            assertThat(browser.findElement(By.id("client-identity")).getText()).contains("SMSID CEN00003");
            assertThat(browser.findElements(By.tagName("script"))).isEmpty();
            assertNoAlert();

            List<LogEntry> console = browser.manage().logs().get(LogType.BROWSER).getAll();
            assertThat(console).filteredOn(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                    .as("browser console").isEmpty();

            // an unknown client is said so (after the console check: a 404 is logged there by design)
            search("NOSUCHPC");
            assertThat(browser.findElement(By.id("client-error")).getText()).contains("NOSUCHPC");
            site.stop();
        }
    }

    private void search(String text) {
        WebElement q = browser.findElement(By.id("q"));
        q.clear();
        q.sendKeys(text);
        q.submit();
    }

    private void assertNoAlert() {
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    }

    /** Writes the README's picture when asked to; otherwise checks that the page renders one like it. */
    private void screenshot() throws Exception {
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        int[] size = pngSize(png);
        assertThat(size[0]).isGreaterThanOrEqualTo(1000);
        assertThat(size[1]).isGreaterThanOrEqualTo(800);
        Path kept = Path.of(System.getProperty("user.dir")).resolveSibling("docs").resolve("status-page.png");
        if (Boolean.getBoolean("mifsync.screenshot")) {
            Files.write(kept, png);
        }
        assertThat(kept).as("the README's screenshot; refresh it with -Dmifsync.screenshot=true").exists();
        assertThat(pngSize(Files.readAllBytes(kept))[0]).isEqualTo(size[0]);
    }

    /** Width and height from a PNG's header (signature, then the IHDR chunk). */
    static int[] pngSize(byte[] png) {
        assertThat(png).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n');
        ByteBuffer b = ByteBuffer.wrap(png);
        assertThat(new String(png, 12, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("IHDR");
        return new int[] {b.getInt(16), b.getInt(20)};
    }
}
