package dev.capstan.dashboard;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.api.JacksonJobCodec;
import dev.capstan.api.JobRequest;
import dev.capstan.api.JobState;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.counter.TimeSeriesCounter;
import dev.capstan.redis.flags.FeatureFlags;
import dev.capstan.redis.gates.JobGates;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import dev.capstan.worker.JobTypeOptions;
import dev.capstan.worker.Worker;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The switches and the throughput statistics, through the API against a real worker: what the page
 * asks for is what the worker does.
 */
@ExtendWith(RedisExtension.class)
class DashboardControlsTest {

    /** One worker on queue "work" ("count" jobs succeed, "fail" jobs fail once and die), and a dashboard with controls and stats. */
    static final class Cluster {
        final CapstanRedis capstan;
        final Worker worker;
        final Dashboard dashboard;
        final Http http;
        final Set<String> ran = ConcurrentHashMap.newKeySet();

        Cluster(RedisTestContext ctx) {
            capstan = new CapstanRedis(ctx.newClient(), QueueSettings.defaults(new Namespace(ctx.namespace())), new JacksonJobCodec());
            worker = ctx.closeAfter(Worker.builder(capstan)
                    .queues("work")
                    .concurrency(2)
                    .heartbeat(Duration.ofMillis(200), Duration.ofSeconds(2))
                    .reaper(false, Duration.ofSeconds(1))
                    .shutdownTimeout(Duration.ofSeconds(2))
                    .handler(Scenario.handler("count", (a, c) -> ran.add(c.jobId())))
                    .handler(Scenario.handler("fail", (a, c) -> {
                        throw new IllegalStateException("no");
                    }), JobTypeOptions.defaults().withMaxAttempts(1))
                    .build().start());
            FeatureFlags flags = ctx.closeAfter(new FeatureFlags(capstan.redis(), capstan.namespace()));
            dashboard = ctx.closeAfter(Dashboard.builder()
                    .admin(capstan.admin())
                    .workers(new PresenceWorkerDirectory(capstan.workers()))
                    .controls(new JobGatesControls(new JobGates(flags)))
                    .stats(new TimeSeriesStatsSource(new TimeSeriesCounter(capstan.redis(), capstan.namespace())))
                    .credentials(DashboardApiTest.USER, DashboardApiTest.PASSWORD)
                    .host("127.0.0.1")
                    .build().start(0));
            http = DashboardApiTest.loggedIn(dashboard);
        }

        String enqueue(String type) {
            return capstan.client().enqueue(JobRequest.of(type, new Scenario.Args(1)).queue("work")).jobId();
        }

        JsonNode queue(String name) {
            return http.getJson("api/queues/" + name);
        }

        HttpResponse<String> post(String path) {
            return http.post(path, http.csrf());
        }
    }

    @Test
    void pauseThroughTheApiStopsARealWorkerWithinASecondAndResumeRunsTheWaitingJobs(RedisTestContext ctx) {
        Cluster c = new Cluster(ctx);
        String before = c.enqueue("count");
        await().atMost(Duration.ofSeconds(5)).until(() -> c.ran.contains(before));

        HttpResponse<String> pause = c.post("api/queues/work/pause");
        assertEquals(200, pause.statusCode(), pause.body());
        assertTrue(Http.json(pause).get("paused").asBoolean());
        await().atMost(Duration.ofSeconds(1)).until(() -> c.worker.gates().isPaused("work"));
        assertTrue(c.queue("work").get("paused").asBoolean(), "GET /api/queues/{q} shows the pause");
        assertTrue(DashboardApiTest.queuesByName(c.http).get("work").get("paused").asBoolean());

        List<String> held = List.of(c.enqueue("count"), c.enqueue("count"));
        // For 1.5 s nothing of the paused queue starts: both jobs stay waiting.
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> held.stream().noneMatch(c.ran::contains) && c.capstan.admin().queue("work").size() == 2);

        HttpResponse<String> resume = c.post("api/queues/work/resume");
        assertEquals(200, resume.statusCode(), resume.body());
        assertFalse(Http.json(resume).get("paused").asBoolean());
        await().atMost(Duration.ofSeconds(5)).until(() -> c.ran.containsAll(held));
        assertFalse(c.queue("work").get("paused").asBoolean());
    }

    @Test
    void quietThroughTheApiQuietsTheWorkerAndItsRowSaysSo(RedisTestContext ctx) {
        Cluster c = new Cluster(ctx);
        assertEquals(404, c.post("api/workers/no-such-worker/quiet").statusCode(), "only online workers");
        assertTrue(c.worker.isRunning());

        HttpResponse<String> quiet = c.post("api/workers/" + c.worker.id() + "/quiet");
        assertEquals(200, quiet.statusCode(), quiet.body());
        await().atMost(Duration.ofSeconds(2)).until(c.worker::isQuiet);
        await().atMost(Duration.ofSeconds(3)).until(() ->
                c.http.getJson("api/workers").get(0).get("info").get("state").asText().equals("QUIET"));

        String job = c.enqueue("count");
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> !c.ran.contains(job));
        assertEquals(1, c.capstan.admin().queue("work").size(), "a quiet worker takes no new jobs");
    }

    @Test
    void aSwitchedOffTypeWaitsAndRunsOnceSwitchedOn(RedisTestContext ctx) {
        Cluster c = new Cluster(ctx);
        assertEquals(0, c.http.getJson("api/types/switched-off").size());
        HttpResponse<String> off = c.post("api/types/count/switch-off");
        assertEquals(200, off.statusCode(), off.body());
        await().atMost(Duration.ofSeconds(1)).until(() -> c.worker.gates().isSwitchedOff("count"));
        assertEquals(List.of("count"), StreamSupport.stream(c.http.getJson("api/types/switched-off").spliterator(), false)
                .map(JsonNode::asText).toList());

        String held = c.enqueue("count");
        await().atMost(Duration.ofSeconds(5)).until(() -> c.capstan.admin().find(held)
                .map(v -> v.state() == JobState.SCHEDULED || v.state() == JobState.RETRY).orElse(false));
        assertFalse(c.ran.contains(held), "the worker put it aside instead of running it");

        assertEquals(200, c.post("api/types/count/switch-on").statusCode());
        assertEquals(0, c.http.getJson("api/types/switched-off").size());
        // The worker looks at a put-aside job again every few seconds.
        await().atMost(Duration.ofSeconds(12)).until(() -> c.ran.contains(held));
    }

    @Test
    void statsReturnTheCountsTheWorkerProduced(RedisTestContext ctx) {
        Cluster c = new Cluster(ctx);
        List<String> jobs = List.of(c.enqueue("count"), c.enqueue("count"), c.enqueue("count"), c.enqueue("fail"), c.enqueue("fail"));
        await().atMost(Duration.ofSeconds(5)).until(() -> jobs.stream().limit(3).allMatch(c.ran::contains)
                && c.capstan.admin().queue("work").dead() == 2);
        c.worker.flushStats();

        // A minute may turn between the runs: what matters is the sum over the window.
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            JsonNode stats = c.http.getJson("api/stats");
            assertEquals(60, stats.get("minutes").asInt());
            JsonNode work = stats.get("queues").get("work");
            assertEquals(60, work.get("processed").size());
            assertEquals(3, sum(work.get("processed")));
            assertEquals(2, sum(work.get("failed")));
            assertEquals(3, sum(stats.get("total").get("processed")));
            assertEquals(2, sum(stats.get("total").get("failed")));
            assertEquals(stats.get("firstMinute").asLong(), work.get("firstMinute").asLong());
            assertEquals(0, stats.get("firstMinute").asLong() % 60_000, "minutes start on the minute");
        });
        JsonNode one = c.http.getJson("api/queues/work/stats?minutes=5");
        assertEquals(5, one.get("processed").size());
        assertEquals(3, sum(one.get("processed")));
        assertEquals(0, sum(c.http.getJson("api/queues/elsewhere/stats").get("processed")));
        assertEquals(400, c.http.get("api/stats?minutes=0").statusCode());
        assertEquals(400, c.http.get("api/stats?minutes=100000").statusCode());
    }

    @Test
    void theNewActionsNeedTheCsrfTokenAndAreAbsentWithoutControls(RedisTestContext ctx) {
        Cluster c = new Cluster(ctx);
        for (String path : List.of("api/queues/work/pause", "api/queues/work/resume", "api/types/count/switch-off",
                "api/types/count/switch-on", "api/workers/" + c.worker.id() + "/quiet")) {
            assertEquals(403, c.http.post(path, null).statusCode(), path);
            assertEquals(403, c.http.post(path, "forged").statusCode(), path);
            assertTrue(c.http.get(path).statusCode() >= 400, "GET " + path + " changes nothing");
        }
        assertFalse(c.worker.gates().isPaused("work"));
        assertFalse(c.worker.gates().isSwitchedOff("count"));
        assertTrue(c.worker.isRunning());
        JsonNode features = c.http.getJson("api/features");
        assertTrue(features.get("controls").asBoolean() && features.get("stats").asBoolean());

        Dashboard plain = ctx.closeAfter(Dashboard.builder().admin(c.capstan.admin())
                .credentials(DashboardApiTest.USER, DashboardApiTest.PASSWORD).build().start(0));
        Http http = DashboardApiTest.loggedIn(plain);
        assertFalse(http.getJson("api/features").get("controls").asBoolean());
        assertFalse(http.getJson("api/features").get("stats").asBoolean());
        assertEquals(404, http.post("api/queues/work/pause", http.csrf()).statusCode());
        assertEquals(404, http.get("api/stats").statusCode());
        assertEquals(404, http.get("api/types/switched-off").statusCode());
        assertFalse(c.worker.gates().isPaused("work"));
    }

    private static long sum(JsonNode array) {
        long s = 0;
        for (JsonNode n : array) {
            s += n.asLong();
        }
        return s;
    }
}
