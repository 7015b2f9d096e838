package dev.capstan.examples;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.JacksonJobCodec;
import dev.capstan.api.QueueInfo;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The demo's parts run together: jobs flow through every queue, the periodic job fires, the dashboard answers. */
@ExtendWith(RedisExtension.class)
class DemoTest {

    @Test
    void theDemoProcessesJobsAndServesTheDashboard(RedisTestContext ctx) throws Exception {
        CapstanRedis capstan = new CapstanRedis(ctx.newClient(), QueueSettings.defaults(new Namespace(ctx.namespace())),
                new JacksonJobCodec());
        Demo.Running demo = ctx.closeAfter(Demo.start(capstan, 0));
        await().atMost(Duration.ofSeconds(30)).until(() -> demo.producer().enqueued() > 50
                && demo.workers().stream().mapToLong(w -> w.metrics().meter("capstan.mail.send-welcome-email.processed").getCount()).sum() > 20);
        await().atMost(Duration.ofSeconds(30)).until(() -> demo.workers().stream()
                .mapToLong(w -> w.metrics().meter("capstan.reports.nightly-report.processed").getCount()).sum() >= 1);
        assertTrue(capstan.admin().queues().stream().map(QueueInfo::name).toList().containsAll(
                java.util.List.of("mail", "media", "payments", "reports")));

        HttpResponse<String> login = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(demo.dashboard().url() + "login")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode());
        assertTrue(login.body().toLowerCase().contains("password"));

        // Issue 9, defect 9: the status line's figures add up. Once stopped, every job the producer
        // enqueued and every periodic run is in exactly one place: succeeded, dead, waiting or scheduled.
        demo.close();
        DemoStatus.Figures f = DemoStatus.figures(capstan, demo);
        String line = DemoStatus.format(LocalTime.now(), f);
        assertEquals(0, f.inFlight(), line);
        long accounted = f.succeeded() + f.dead() + f.waiting() + f.scheduled();
        long expected = f.enqueued() + f.periodic();
        assertTrue(accounted >= expected && accounted <= expected + 2,
                "jobs in Redis and done (" + accounted + ") against jobs enqueued and periodic runs (" + expected + "): " + line);
    }

    @Test
    void theBannerMasksThePasswordOfRedisUrl() {
        String line = Demo.whereRedisIs("redis://app:s3cret@cache.internal:6380/0", false);
        assertEquals("Capstan demo running on your Redis at redis://app:***@cache.internal:6380/0", line);
    }

    @Test
    void theStatusLineShowsEveryTimeWithItsSeconds() {
        DemoStatus.Figures figures = new DemoStatus.Figures(10, 1, 9, 2, 0, 1, 1, 0, 2, "w-1");
        assertEquals("09:07:00  enqueued 10 + 1 periodic | succeeded 9, failed attempts 2 | waiting 0, in flight 1,"
                + " scheduled 1, dead 0 | workers 2, leader w-1", DemoStatus.format(LocalTime.of(9, 7), figures));
        assertTrue(DemoStatus.format(LocalTime.of(0, 0, 0, 999_000_000), figures).startsWith("00:00:00  "));
    }
}
