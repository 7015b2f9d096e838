package dev.capstan.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The real page in a real headless Chromium: log in, read the queues table, open the dead tab,
 * retry a job and watch the count change. Skipped (not failed) when Chromium or its driver is not
 * installed ({@code apt-get install chromium chromium-driver}).
 *
 * <p>The driver and browser are given by path, so Selenium Manager never looks anything up or
 * downloads anything. A screenshot of the queues page goes to {@code target/dashboard.png}, and
 * also to the file named by {@code -Dcapstan.dashboard.screenshot=...} (how docs/dashboard.png is
 * refreshed).
 */
@ExtendWith(RedisExtension.class)
class DashboardBrowserTest {
    static final Path CHROMEDRIVER = Path.of(System.getProperty("capstan.chromedriver", "/usr/bin/chromedriver"));
    static final Path CHROMIUM = Path.of(System.getProperty("capstan.chromium", "/usr/bin/chromium"));

    @BeforeAll
    static void needsChromium() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM),
                "browser test skipped: " + CHROMIUM + " and " + CHROMEDRIVER
                        + " are required (Debian: apt-get install -y chromium chromium-driver)");
    }

    @Test
    void logInSeeTheQueuesRetryADeadJobAndSeeTheCountChange(RedisTestContext ctx) throws IOException {
        Scenario s = new Scenario(ctx);
        Dashboard dashboard = DashboardApiTest.start(ctx, s);
        WebDriver browser = ctx.closeAfter(new Browser()).driver;
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.ignoring(StaleElementReferenceException.class); // the page re-renders every 2 s

        browser.get(dashboard.url());
        wait.until(d -> d.getCurrentUrl().endsWith("/login"));
        browser.findElement(By.id("username")).sendKeys(DashboardApiTest.USER);
        browser.findElement(By.id("password")).sendKeys(DashboardApiTest.PASSWORD);
        browser.findElement(By.id("login")).click();

        wait.until(d -> text(d, "tr[data-queue='default'] td.c-dead").equals("2"));
        assertEquals("3", text(browser, "tr[data-queue='reports'] td.c-size"));
        assertEquals("1", text(browser, "tr[data-queue='reports'] td.c-scheduled"));
        assertEquals("1", text(browser, "tr[data-queue='default'] td.c-inflight"));
        screenshot(browser, "queues");

        clickWhenReady(wait, By.cssSelector("tr[data-queue='default'] a.qname"));
        clickWhenReady(wait, By.id("tab-dead"));
        wait.until(d -> d.findElements(By.cssSelector("#jobs tbody tr")).size() == 2);
        assertEquals("2", text(browser, "#tab-dead .count"));
        screenshot(browser, "dead");
        clickWhenReady(wait, By.cssSelector("#jobs tbody tr button.retry"));

        wait.until(d -> text(d, "#tab-dead .count").equals("1"));
        wait.until(d -> d.findElements(By.cssSelector("#jobs tbody tr")).size() == 1);
        assertEquals(1, s.admin.queue("default").dead());

        // The job that is still dead: its page shows the error and stack trace.
        clickWhenReady(wait, By.cssSelector("#jobs tbody tr td.mono a"));
        wait.until(d -> !d.findElements(By.id("job-error")).isEmpty());
        String error = text(browser, "#job-error");
        assertTrue(error.contains("java.lang.IllegalStateException: report"), error);
        assertTrue(error.contains("at dev.capstan"), error);
        screenshot(browser, "job");

        clickWhenReady(wait, By.cssSelector("#nav a[data-nav='workers']"));
        wait.until(d -> text(d, "#workers tbody tr td.mono").equals(s.worker.id()));
        screenshot(browser, "workers");
    }

    private static String text(WebDriver d, String css) {
        return d.findElements(By.cssSelector(css)).stream().findFirst().map(e -> e.getText().trim()).orElse("");
    }

    /** Finds and clicks in one go, again if the page re-rendered in between. */
    private static void clickWhenReady(WebDriverWait wait, By by) {
        wait.until(d -> {
            var found = d.findElements(by);
            if (found.isEmpty()) {
                return false;
            }
            found.get(0).click();
            return true;
        });
    }

    /** Into target/ for a look after the run; the queues page also where docs want it. */
    private static void screenshot(WebDriver browser, String view) throws IOException {
        byte[] png = ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES);
        Path target = Path.of("target", view.equals("queues") ? "dashboard.png" : "dashboard-" + view + ".png");
        Files.createDirectories(target.getParent());
        Files.write(target, png);
        String docs = System.getProperty("capstan.dashboard.screenshot");
        if (view.equals("queues") && docs != null && !docs.isBlank()) {
            Files.copy(target, Path.of(docs), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Headless Chromium with a throwaway profile, nothing fetched from the network. */
    private static final class Browser implements AutoCloseable {
        final Path profile;
        final ChromeDriver driver;

        Browser() throws IOException {
            profile = Files.createTempDirectory("capstan-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--user-data-dir=" + profile, "--window-size=1280,720");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
            driver = new ChromeDriver(service, options);
        }

        @Override
        public void close() throws IOException {
            try {
                driver.quit();
            } finally {
                try (Stream<Path> files = Files.walk(profile)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
