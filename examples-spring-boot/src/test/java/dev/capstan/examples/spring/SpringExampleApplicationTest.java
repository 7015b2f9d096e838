package dev.capstan.examples.spring;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.api.JobClient;
import dev.capstan.metrics.CapstanMetrics;
import dev.capstan.scheduler.ScheduleAdmin;
import dev.capstan.testsupport.PrometheusTextParser;
import dev.capstan.testsupport.SharedRedis;
import dev.capstan.worker.Worker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Boots the example application against a real Redis, enqueues through the JobClient bean and sees the handler bean run. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext // close the application (and its worker) after this class, while the shared test Redis still runs
class SpringExampleApplicationTest {
    static final String NAMESPACE = "spring" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("capstan.redis.url", () -> SharedRedis.endpoint().url());
        registry.add("capstan.namespace", () -> NAMESPACE);
    }

    @Autowired
    JobClient jobs;
    @Autowired
    Outbox outbox;
    @Autowired
    Worker worker;
    @Autowired
    ScheduleAdmin schedules;
    @Autowired
    CapstanMetrics metrics;
    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theJobClientBeanEnqueuesAndTheHandlerBeanRunsIt() {
        assertTrue(worker.isRunning(), "the worker starts with the context");
        jobs.enqueue(new WelcomeEmail(7, "ada@example.com"));
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.sent().contains("ada@example.com: Welcome!"));
    }

    @Test
    void aRestEndpointEnqueuesAndTheWorkerRunsTheJob() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(url("/signups?email=grace@example.com"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("jobId"), response.body());
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.sent().contains("grace@example.com: Welcome!"));
    }

    @Test
    void schedulesFromTheAnnotationAndTheConfigurationAreSaved() {
        var nightly = schedules.get("nightly-report").orElseThrow().schedule();
        assertEquals("nightly-report", nightly.jobType());
        assertEquals("{\"kind\":\"daily\"}", nightly.argsJson());
        var weekly = schedules.get("weekly-report").orElseThrow().schedule();
        assertEquals("nightly-report", weekly.jobType());
        assertEquals("0 0 8 * * MON", weekly.trigger().describe());
    }

    @Test
    void healthAndPrometheusShowCapstan() throws Exception {
        jobs.enqueue(new WelcomeEmail(8, "linus@example.com"));
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.sent().contains("linus@example.com: Welcome!"));

        JsonNode capstan = new ObjectMapper().readTree(get("/actuator/health").body()).path("components").path("capstan");
        assertEquals("UP", capstan.path("status").asText(), capstan.toString());
        assertEquals("running", capstan.path("details").path("worker").path("state").asText(), capstan.toString());
        assertEquals(worker.id(), capstan.path("details").path("leader").asText(), "the only worker is the leader");

        await().atMost(Duration.ofSeconds(5)).until(() -> get("/actuator/prometheus").body()
                .contains("capstan_jobs_processed_total{queue=\"default\",type=\"send-welcome-email\"}"));
        metrics.refreshQueues(); // queue gauges refresh every 10 s; this namespace's queues are new
        String scrape = get("/actuator/prometheus").body();
        assertTrue(scrape.contains("capstan_job_execution_seconds_bucket"), scrape);
        assertTrue(scrape.contains("capstan_worker_concurrency 20.0"), scrape);
        assertTrue(scrape.contains("capstan_queue_size{queue=\"default\"}"), scrape);
    }

    @Test
    void theDashboardIsMountedUnderItsPathBehindItsOwnLoginAndServesPrometheusMetrics() throws Exception {
        jobs.enqueue(new WelcomeEmail(9, "barbara@example.com"));
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.sent().contains("barbara@example.com: Welcome!"));

        HttpResponse<String> bare = get("/capstan");
        assertEquals(302, bare.statusCode());
        assertTrue(bare.headers().firstValue("Location").orElseThrow().endsWith("/capstan/"));
        assertEquals(401, get("/capstan/api/queues").statusCode(), "the API needs the dashboard's login");

        HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(url("/capstan/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=change-me-at-once")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(303, login.statusCode());
        HttpResponse<String> queues = browser.send(HttpRequest.newBuilder(url("/capstan/api/queues")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, queues.statusCode());
        assertTrue(queues.body().contains("\"name\":\"default\""), queues.body());
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(url("/capstan/")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(page.body().contains("assets/app.js"), "the page itself, under the mount path");
        HttpResponse<String> features = browser.send(HttpRequest.newBuilder(url("/capstan/api/features")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(features.body().contains("\"lifecycle\":true"), "job status, Cancel and batches are on: " + features.body());

        assertEquals(401, get("/capstan/metrics").statusCode(), "scrapers authenticate too");
        String basic = java.util.Base64.getEncoder().encodeToString("admin:change-me-at-once".getBytes());
        HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(url("/capstan/metrics"))
                .header("Authorization", "Basic " + basic).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, scrape.statusCode());
        String type = scrape.headers().firstValue("Content-Type").orElseThrow();
        assertTrue(type.startsWith("text/plain") && type.contains("version=0.0.4"), type);
        var families = PrometheusTextParser.parse(scrape.body());
        assertTrue(families.get("capstan_jobs_processed").value("capstan_jobs_processed_total",
                java.util.Map.of("type", "send-welcome-email")).orElseThrow() >= 1.0);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(url(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
