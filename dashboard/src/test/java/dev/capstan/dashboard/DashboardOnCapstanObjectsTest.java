package dev.capstan.dashboard;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.redis.counter.TimeSeriesCounter;
import dev.capstan.redis.flags.FeatureFlags;
import dev.capstan.redis.livestatus.LiveStatus;
import dev.capstan.redis.ratelimit.RateLimiters;
import dev.capstan.redis.session.SessionStore;
import dev.capstan.scheduler.PeriodicSchedule;
import dev.capstan.scheduler.ScheduleAdmin;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import dev.capstan.worker.LiveStatusProgress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The builder takes Capstan's own objects (presence, gates, counters, live status, schedules, flags,
 * sessions, rate limiters): a worker process embeds the dashboard without writing adapters.
 */
@ExtendWith(RedisExtension.class)
class DashboardOnCapstanObjectsTest {

    @Test
    void everyTabIsFedFromTheCapstanObjectsAWorkerAlreadyHas(RedisTestContext ctx) {
        Scenario s = new Scenario(ctx);
        FeatureFlags flags = ctx.closeAfter(new FeatureFlags(s.capstan.redis(), s.capstan.namespace()));
        flags.enable("new-billing");
        flags.setRollout("new-billing", 25);
        ScheduleAdmin schedules = new ScheduleAdmin(s.capstan.redis(), s.capstan.settings(), s.capstan.codec());
        schedules.save(PeriodicSchedule.every("heartbeat-report", Duration.ofMinutes(5), "render", "{\"n\":1}").withQueue("reports"));
        LiveStatus live = new LiveStatus(s.capstan.redis(), s.capstan.namespace());
        live.announce(LiveStatusProgress.TOPIC, s.inFlightId, "40% rendering", Duration.ofMinutes(1));

        Dashboard d = ctx.closeAfter(Dashboard.builder()
                .admin(s.admin)
                .workers(s.capstan.workers())
                .controls(s.worker.gates())
                .stats(new TimeSeriesCounter(s.capstan.redis(), s.capstan.namespace()))
                .progress(live)
                .schedules(schedules)
                .flags(flags)
                .lifecycle(s.capstan.jobs())
                .sessions(new SessionStore(s.capstan.redis(), s.capstan.namespace()))
                .loginThrottle(RateLimiters.on(s.capstan.redis(), s.capstan.namespace()))
                .credentials(DashboardApiTest.USER, DashboardApiTest.PASSWORD)
                .build().start(0));
        Http http = DashboardApiTest.loggedIn(d);

        JsonNode features = http.getJson("api/features");
        features.fields().forEachRemaining(f -> assertTrue(f.getValue().asBoolean(), f.getKey() + " is configured"));
        await().atMost(Duration.ofSeconds(5)).until(() -> http.getJson("api/workers").size() == 1);
        assertEquals("40% rendering", http.getJson("api/progress").get(s.inFlightId).asText());
        JsonNode schedule = http.getJson("api/schedules").get(0);
        assertEquals("heartbeat-report", schedule.get("id").asText());
        assertEquals("reports", schedule.get("queue").asText());
        assertTrue(http.getJson("api/flags").get("new-billing").asText().startsWith("on for 25%"));
        assertEquals(0, http.getJson("api/batches").get("total").asInt(), "the batches page reads the (empty) batch index");
        assertEquals(60, http.getJson("api/stats").get("queues").get("default").get("failed").size());
        assertEquals(200, http.post("api/queues/reports/pause", http.csrf()).statusCode());
        await().atMost(Duration.ofSeconds(2)).until(() -> s.worker.gates().isPaused("reports"));
        // The session is in Redis: a second dashboard on the same store knows it.
        Dashboard second = ctx.closeAfter(Dashboard.builder().admin(s.admin)
                .sessions(new SessionStore(s.capstan.redis(), s.capstan.namespace()))
                .credentials(DashboardApiTest.USER, DashboardApiTest.PASSWORD).build().start(0));
        Http sameCookie = new Http(second);
        sameCookie.cookie = http.cookie;
        assertEquals(DashboardApiTest.USER, sameCookie.getJson("api/session").get("user").asText());
    }

    @Test
    void theProgressAdapterReadsTheTopicTheWorkerRuntimeWrites() {
        assertEquals(LiveStatusProgress.TOPIC, LiveStatusJobProgress.JOBS_TOPIC);
    }
}
