package dev.capstan.dashboard;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.JobRequest;
import dev.capstan.redis.counter.TimeSeriesCounter;
import dev.capstan.redis.flags.FeatureFlags;
import dev.capstan.redis.gates.JobGates;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The real page in a real headless Chromium: log in, read the queues table and the throughput
 * chart, pause a queue, open the dead tab, retry a job and watch the count change, quiet the worker. Skipped (not failed) when Chromium or its driver is not
 * installed ({@code apt-get install chromium chromium-driver}).
 *
 * <p>The driver and browser are given by path, so Selenium Manager never looks anything up or
 * downloads anything. A screenshot of the queues page goes to {@code target/dashboard.png}; with
 * {@code -Dcapstan.dashboard.screenshot=...} the picture for the docs is taken too (how
 * docs/dashboard.png is refreshed; see {@link #docsScreenshot}).
 */
@ExtendWith(RedisExtension.class)
class DashboardBrowserTest {
    static final Path CHROMEDRIVER = Path.of(System.getProperty("capstan.chromedriver", "/usr/bin/chromedriver"));
    static final Path CHROMIUM = Path.of(System.getProperty("capstan.chromium", "/usr/bin/chromium"));
    static final String DOCS_SCREENSHOT = System.getProperty("capstan.dashboard.screenshot", "").isBlank() ? null
            : System.getProperty("capstan.dashboard.screenshot");

    @BeforeAll
    static void needsChromium() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM),
                "browser test skipped: " + CHROMIUM + " and " + CHROMEDRIVER
                        + " are required (Debian: apt-get install -y chromium chromium-driver)");
    }

    /** The scenario's dashboard with the switches (over the workers' flags) and the real throughput counters. */
    static Dashboard start(RedisTestContext ctx, Scenario s, StatsSource stats) {
        FeatureFlags flags = ctx.closeAfter(new FeatureFlags(s.capstan.redis(), s.capstan.namespace()));
        return ctx.closeAfter(Dashboard.builder()
                .admin(s.admin)
                .workers(new PresenceWorkerDirectory(s.capstan.workers()))
                .controls(new JobGatesControls(new JobGates(flags)))
                .stats(stats)
                .credentials(DashboardApiTest.USER, DashboardApiTest.PASSWORD)
                .host("127.0.0.1")
                .build().start(0));
    }

    @Test
    void logInSeeTheQueuesAndChartPauseAQueueRetryADeadJobAndQuietTheWorker(RedisTestContext ctx) throws IOException {
        Scenario s = new Scenario(ctx);
        Dashboard dashboard = start(ctx, s, new TimeSeriesStatsSource(new TimeSeriesCounter(s.capstan.redis(), s.capstan.namespace())));
        WebDriver browser = ctx.closeAfter(new Browser()).driver;
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30)); // generous: CI machines are shared and slow
        wait.ignoring(StaleElementReferenceException.class); // the page re-renders every 2 s

        logIn(browser, wait, dashboard);

        wait.until(d -> text(d, "tr[data-queue='default'] td.c-dead").equals("2"));
        assertEquals("3", text(browser, "tr[data-queue='reports'] td.c-size"));
        assertEquals("1", text(browser, "tr[data-queue='reports'] td.c-scheduled"));
        assertEquals("1", text(browser, "tr[data-queue='default'] td.c-inflight"));

        // The chart: one bar per minute, and the two failed runs of the scenario (written by the worker within a second).
        wait.until(d -> d.findElements(By.cssSelector("svg#throughput-chart g.bar")).size() == 60);
        wait.until(d -> text(d, ".chart-panel .legend-failed").equals("2")
                && !d.findElements(By.cssSelector("svg#throughput-chart rect.bar-bad")).isEmpty());
        assertFalse(browser.findElements(By.cssSelector("tr[data-queue='default'] td.c-hour svg.spark")).isEmpty());

        // Pause: the row says so, the button turns into Resume, and the worker's gate is closed.
        // No worker lists "reports": the page says so instead of calling it running (issue 9, item 6).
        wait.until(d -> text(d, "tr[data-queue='reports'] td.c-paused").equals("no worker"));
        assertEquals("0", text(browser, "tr[data-queue='reports'] td.c-workers"));
        assertEquals("served", text(browser, "tr[data-queue='default'] td.c-paused"));
        assertEquals("1", text(browser, "tr[data-queue='default'] td.c-workers"));
        clickWhenReady(wait, By.cssSelector("tr[data-queue='reports'] button.pause"));
        wait.until(d -> text(d, "tr[data-queue='reports'] td.c-paused").equals("paused")
                && text(d, "tr[data-queue='reports'] td.actions button").equals("Resume"));
        await().atMost(Duration.ofSeconds(2)).until(() -> s.worker.gates().isPaused("reports"));
        assertEquals("served", text(browser, "tr[data-queue='default'] td.c-paused"));
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

        // In flight: how long its worker has held the blocked job (reported with the worker's heartbeat).
        clickWhenReady(wait, By.id("tab-in-flight"));
        wait.until(d -> text(d, "#jobs tbody tr td.held-for").matches("\\d+(\\.\\d)? (ms|s|min)"));
        screenshot(browser, "in-flight");
        clickWhenReady(wait, By.id("tab-dead"));
        wait.until(d -> d.findElements(By.cssSelector("#jobs tbody tr")).size() == 1);

        // The job that is still dead: its page shows the error and stack trace.
        clickWhenReady(wait, By.cssSelector("#jobs tbody tr td.mono a"));
        wait.until(d -> !d.findElements(By.id("job-error")).isEmpty());
        String error = text(browser, "#job-error");
        assertTrue(error.contains("java.lang.IllegalStateException: report"), error);
        assertTrue(error.contains("at dev.capstan"), error);
        screenshot(browser, "job");

        clickWhenReady(wait, By.cssSelector("#nav a[data-nav='workers']"));
        wait.until(d -> text(d, "#workers tbody tr td.mono").equals(s.worker.id()));
        assertEquals("running", text(browser, "#workers tbody tr td.c-state .pill"));
        screenshot(browser, "workers");
        clickWhenReady(wait, By.cssSelector("#workers tbody tr button.quiet"));
        wait.until(d -> {
            d.switchTo().alert().accept(); // "Quiet worker ...?"
            return true;
        });
        await().atMost(Duration.ofSeconds(3)).until(s.worker::isQuiet);
        wait.until(d -> text(d, "#workers tbody tr td.c-state .pill").equals("quiet")
                && d.findElements(By.cssSelector("#workers tbody tr button.quiet")).isEmpty());

        if (DOCS_SCREENSHOT != null) {
            docsScreenshot(ctx, s, browser, wait);
        }
    }

    @Test
    void aBrokenQueueShowsItsErrorInItsRowAndTheOtherQueuesShowAsUsual(RedisTestContext ctx) throws IOException {
        Scenario s = new Scenario(ctx);
        DashboardBadValuesTest.breakTwoQueues(s);
        Dashboard dashboard = start(ctx, s, new TimeSeriesStatsSource(new TimeSeriesCounter(s.capstan.redis(), s.capstan.namespace())));
        WebDriver browser = ctx.closeAfter(new Browser()).driver;
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
        logIn(browser, wait, dashboard, DashboardApiTest.USER, DashboardApiTest.PASSWORD);

        wait.until(d -> text(d, "tr[data-queue='reports'] td.c-size").equals("3"));
        assertEquals("2", text(browser, "tr[data-queue='default'] td.c-dead"));
        assertFalse(browser.findElement(By.id("role")).isDisplayed(), "an admin is not marked read-only");
        String wrongType = text(browser, "tr.broken[data-queue='zz'] td.c-error");
        assertTrue(wrongType.startsWith("broken") && wrongType.contains("WRONGTYPE"), wrongType);
        String stray = text(browser, "tr.broken[data-queue='" + DashboardBadValuesTest.BAD_MEMBER + "'] td.c-error");
        assertTrue(stray.contains("not a valid queue name"), stray);
        assertEquals(DashboardBadValuesTest.BAD_MEMBER, text(browser, "tr.broken[data-queue='" + DashboardBadValuesTest.BAD_MEMBER + "'] .qname"),
                "the name is shown as text, not markup");
        screenshot(browser, "broken-queue");
    }

    @Test
    void aReadOnlyUserSeesTheQueuesAndJobsWithoutAnyButtonThatChangesThem(RedisTestContext ctx) throws IOException {
        Scenario s = new Scenario(ctx);
        FeatureFlags flags = ctx.closeAfter(new FeatureFlags(s.capstan.redis(), s.capstan.namespace()));
        Dashboard dashboard = ctx.closeAfter(Dashboard.builder().admin(s.admin).workers(s.capstan.workers())
                .controls(new JobGates(flags))
                .credentials(DashboardApiTest.USER, DashboardApiTest.PASSWORD)
                .readOnlyCredentials("viewer", "look-but-do-not-touch")
                .build().start(0));
        WebDriver browser = ctx.closeAfter(new Browser()).driver;
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
        logIn(browser, wait, dashboard, "viewer", "look-but-do-not-touch");

        wait.until(d -> text(d, "tr[data-queue='default'] td.c-dead").equals("2"));
        assertEquals("read-only", text(browser, "#role"));
        assertTrue(browser.findElements(By.cssSelector("#queues button")).isEmpty(), "no Pause buttons");
        assertTrue(browser.findElements(By.id("switch-off")).isEmpty(), "no switch-off form");
        screenshot(browser, "read-only");

        clickWhenReady(wait, By.cssSelector("tr[data-queue='default'] a.qname"));
        clickWhenReady(wait, By.id("tab-dead"));
        wait.until(d -> d.findElements(By.cssSelector("#jobs tbody tr")).size() == 2);
        assertTrue(browser.findElements(By.cssSelector("#jobs button")).isEmpty(), "no Retry or Delete buttons");
        assertTrue(browser.findElements(By.cssSelector("#retry-all, #pause-queue")).isEmpty());
        clickWhenReady(wait, By.cssSelector("#jobs tbody tr td.mono a"));
        wait.until(d -> !d.findElements(By.id("job-error")).isEmpty());
        assertTrue(browser.findElements(By.cssSelector("#retry-job, #delete-job")).isEmpty());
        clickWhenReady(wait, By.cssSelector("#nav a[data-nav='workers']"));
        wait.until(d -> text(d, "#workers tbody tr td.mono").equals(s.worker.id()));
        assertTrue(browser.findElements(By.cssSelector("#workers button.quiet")).isEmpty(), "no Quiet button");
        assertEquals(2, s.admin.queue("default").dead());
    }

    /**
     * Job lifecycles in the page: the batches page with each batch's progress and state, a finished
     * tracked job found by id with its result and state history, and cancelling a running job from
     * the in-flight tab and a waiting one from its job page (both then in their queue's cancelled tab).
     */
    @Test
    void batchesAFinishedJobsResultAndHistoryAndCancellingFromTheInFlightTabAndTheJobPage(RedisTestContext ctx)
            throws Exception {
        LifecycleScenario s = new LifecycleScenario(ctx);
        Dashboard dashboard = DashboardLifecycleTest.start(ctx, s);
        WebDriver browser = ctx.closeAfter(new Browser()).driver;
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
        logIn(browser, wait, dashboard);

        clickWhenReady(wait, By.cssSelector("#nav a[data-nav='batches']"));
        wait.until(d -> d.findElements(By.cssSelector("#batches tbody tr")).size() == 2);
        String done = "#batches tr[data-batch='" + s.doneBatch.id() + "'] ";
        String open = "#batches tr[data-batch='" + s.openBatch.id() + "'] ";
        assertEquals("succeeded", text(browser, done + "td.c-state"));
        assertEquals("100%", text(browser, done + "td.c-progress"));
        assertEquals("5", text(browser, done + "td.c-succeeded"));
        assertEquals("open", text(browser, open + "td.c-state"));
        assertEquals("2", text(browser, open + "td.c-pending"));
        screenshot(browser, "batches");

        // A job that succeeded and left its queue: found by id, with its result and history.
        browser.findElement(By.id("find-job-id")).sendKeys(s.succeededId + org.openqa.selenium.Keys.ENTER);
        wait.until(d -> text(d, "#job-result").contains("export-7.csv"));
        assertEquals("succeeded", text(browser, "#status-state .pill"));
        assertEquals(3, browser.findElements(By.cssSelector("#job-history tbody tr")).size());
        assertTrue(text(browser, "#job-history tbody tr:last-child td").contains("succeeded"));
        screenshot(browser, "job-result");

        // Cancel the running job from the in-flight tab.
        browser.get(dashboard.url() + "#/queues/exports/in-flight");
        clickWhenReady(wait, By.cssSelector("#jobs tr[data-job='" + s.runningId + "'] button.cancel"));
        wait.until(d -> {
            d.switchTo().alert().accept(); // "Cancel job ...?"
            return true;
        });
        await().atMost(Duration.ofSeconds(10)).until(() ->
                s.capstan.jobs().status(s.runningId).orElseThrow().state() == dev.capstan.api.JobStatus.State.CANCELLED);
        clickWhenReady(wait, By.id("tab-cancelled"));
        wait.until(d -> !d.findElements(By.cssSelector("#jobs tr[data-job='" + s.runningId + "']")).isEmpty());
        assertEquals("1", text(browser, "#tab-cancelled .count"));

        // Cancel the waiting job from its job page.
        browser.get(dashboard.url() + "#/jobs/" + s.waitingId);
        clickWhenReady(wait, By.id("cancel-job"));
        wait.until(d -> {
            d.switchTo().alert().accept();
            return true;
        });
        wait.until(d -> text(d, "#status-state .pill").equals("cancelled"));
        screenshot(browser, "job-cancelled");
        assertEquals(2, s.capstan.admin().queue("later").size(), "only the open batch's two jobs are left");
    }

    /**
     * The picture in the README: the real scenario's queues plus a few more, and (since an hour of
     * real traffic is too long for a test) a chart history from {@link SampleStats}. Only with
     * {@code -Dcapstan.dashboard.screenshot=docs/dashboard.png}.
     */
    private static void docsScreenshot(RedisTestContext ctx, Scenario s, WebDriver browser, WebDriverWait wait) throws IOException {
        for (int i = 0; i < 14; i++) {
            s.capstan.client().enqueue(JobRequest.of("send-welcome-email", new Scenario.Args(i)).queue("mail"));
        }
        for (int i = 0; i < 5; i++) {
            s.capstan.client().enqueue(JobRequest.of("charge-card", new Scenario.Args(i)).queue("payments"));
        }
        s.worker.gates().switchOff("resize-image");
        Dashboard sample = start(ctx, s, new SampleStats());
        browser.manage().window().setSize(new Dimension(1280, 1000));
        logIn(browser, wait, sample);
        wait.until(d -> d.findElements(By.cssSelector("tr[data-queue='payments'] svg.spark")).size() == 1
                && text(d, "tr[data-queue='reports'] td.c-paused").equals("paused")
                && !d.findElements(By.cssSelector("#switched-off tr[data-type='resize-image']")).isEmpty());
        byte[] png = ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(Path.of(DOCS_SCREENSHOT), png);
    }

    /** Plausible per-minute traffic, the same on every run: busy queues with a daily-ish wave and a few failures. */
    static final class SampleStats implements StatsSource {
        @Override
        public Throughput perMinute(String queue, int minutes) {
            long now = System.currentTimeMillis() / 60_000 * 60_000;
            int base = switch (queue) {
                case "mail" -> 140;
                case "default" -> 60;
                case "payments" -> 35;
                default -> 8;
            };
            java.util.List<Long> processed = new java.util.ArrayList<>();
            java.util.List<Long> failed = new java.util.ArrayList<>();
            for (int i = 0; i < minutes; i++) {
                double wave = 1 + 0.45 * Math.sin((i + queue.length() * 7) / 9.0) + 0.2 * Math.sin(i / 2.3);
                long p = Math.round(base * wave);
                processed.add(i == minutes - 1 ? p / 3 : p); // the current minute has only just begun
                failed.add((i * 7 + queue.length()) % 11 == 0 ? Math.max(1, Math.round(p * 0.08)) : 0L);
            }
            return new Throughput(now - (minutes - 1) * 60_000L, processed, failed);
        }
    }

    private static void logIn(WebDriver browser, WebDriverWait wait, Dashboard dashboard) {
        logIn(browser, wait, dashboard, DashboardApiTest.USER, DashboardApiTest.PASSWORD);
    }

    private static void logIn(WebDriver browser, WebDriverWait wait, Dashboard dashboard, String user, String password) {
        browser.get(dashboard.url());
        wait.until(d -> d.getCurrentUrl().endsWith("/login"));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login")).click();
        wait.until(d -> !d.findElements(By.cssSelector("#queues, #main section")).isEmpty());
    }

    /** The text of the first match; read again if the page re-rendered (every 2 s) between finding and reading. */
    private static String text(WebDriver d, String css) {
        for (int attempt = 0; ; attempt++) {
            try {
                return d.findElements(By.cssSelector(css)).stream().findFirst().map(e -> e.getText().trim()).orElse("");
            } catch (StaleElementReferenceException e) {
                if (attempt == 4) {
                    throw e;
                }
            }
        }
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

    /** Into target/ for a look after the run. */
    private static void screenshot(WebDriver browser, String view) throws IOException {
        byte[] png = ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES);
        Path target = Path.of("target", view.equals("queues") ? "dashboard.png" : "dashboard-" + view + ".png");
        Files.createDirectories(target.getParent());
        Files.write(target, png);
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
