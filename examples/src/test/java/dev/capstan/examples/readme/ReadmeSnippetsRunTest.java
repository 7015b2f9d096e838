package dev.capstan.examples.readme;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.dashboard.Dashboard;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.flags.FeatureFlags;
import dev.capstan.redis.livestatus.LiveStatusEvent;
import dev.capstan.redis.lock.LeaderElection;
import dev.capstan.redis.lock.LeadershipListener;
import dev.capstan.scheduler.PeriodicScheduler;
import dev.capstan.scheduler.ScheduleAdmin;
import dev.capstan.scheduler.ScheduledJobPromoter;
import dev.capstan.testsupport.RedisServerProcess;
import dev.capstan.worker.Worker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * The README's and docs' snippets run and do what the text says, against a real Redis of their own
 * (they use the default namespace, as a reader's code would).
 */
class ReadmeSnippetsRunTest {
    private static RedisServerProcess server;
    private static CapstanRedis capstan;
    private static UnifiedJedis redis;

    @BeforeAll
    static void startRedis() {
        server = RedisServerProcess.start();
        capstan = CapstanRedis.connect(server.url());
        redis = capstan.redis();
    }

    @AfterAll
    static void stopRedis() {
        capstan.close();
        server.close();
    }

    @Test
    void rateLimitsAnswer429WithARetryAfterOnceTheBurstIsSpent() {
        assertEquals("200 OK, export done", RateLimitExamples.startExport(redis, "tenant-a"));
        List<String> answers = IntStream.range(0, 300).mapToObj(i -> RateLimitExamples.startExport(redis, "tenant-b")).toList();
        assertTrue(answers.contains("429 Too Many Requests, Retry-After: 1"), answers.toString());
    }

    @Test
    void locksHandOutIncreasingFencingTokensAndTheElectionElects() throws Exception {
        List<Long> tokens = new ArrayList<>();
        LockExamples.writeReport(redis, tokens::add);
        LockExamples.writeReport(redis, tokens::add);
        assertEquals(2, tokens.size());
        assertTrue(tokens.get(1) > tokens.get(0), tokens.toString());

        List<String> calls = new CopyOnWriteArrayList<>();
        LeaderElection election = LockExamples.electLeader(redis, new LeadershipListener() {
            @Override
            public void onElected(long fencingToken) {
                calls.add("elected");
            }

            @Override
            public void onRevoked() {
                calls.add("revoked");
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.contains("elected"));
        election.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.contains("revoked"));
    }

    @Test
    void presenceListsTheMemberWhileItHeartbeats() {
        assertEquals(List.of("api-3"), PresenceExamples.presence(redis));
    }

    @Test
    void flagsRollOutToAQuarterAndObeyTheDenyList() {
        try (FeatureFlags flags = FeatureFlagExamples.openFlags(redis)) {
            assertFalse(FeatureFlagExamples.newCheckoutFor(flags, "user-13"));
            long on = IntStream.range(0, 2000).filter(i -> FeatureFlagExamples.newCheckoutFor(flags, "user-" + i)).count();
            assertTrue(on > 400 && on < 600, on + " of 2000 users");
        }
    }

    @Test
    void sessionsKeepAttributes() {
        assertEquals(Map.of("user", "alice"), SessionExamples.sessions(redis));
    }

    @Test
    void countersCountDistinctVisitors() {
        assertEquals(2, CounterExamples.counters(redis));
    }

    @Test
    void bloomFilterKnowsWhatItSaw() {
        assertArrayEquals(new boolean[] {true, false}, BloomFilterExamples.seenUrls(redis));
    }

    @Test
    void liveStatusShowsTheAnnouncementAndTellsTheListener() {
        List<LiveStatusEvent> events = new CopyOnWriteArrayList<>();
        assertEquals(Map.of("job-42", "40% resizing"), LiveStatusExamples.liveStatus(redis, events::add));
        assertTrue(events.stream().anyMatch(e -> e.kind() == LiveStatusEvent.Kind.ANNOUNCED && e.actor().equals("job-42")),
                events.toString());
    }

    @Test
    void periodicScheduleIsSaved() {
        PeriodicJobs.saveSchedules(capstan);
        ScheduleAdmin admin = new ScheduleAdmin(capstan.redis(), capstan.settings(), capstan.codec());
        assertEquals("reports", admin.get("nightly-report").orElseThrow().schedule().queue());
    }

    @Test
    void theStandaloneSchedulerPartsStart() {
        ScheduledJobPromoter promoter = SchedulerProcess.startPromoter(capstan);
        PeriodicScheduler scheduler = SchedulerProcess.startPeriodicScheduler(capstan);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.passes() > 0);
            assertEquals(0, scheduler.errors());
        } finally {
            scheduler.stop();
            promoter.stop();
        }
    }

    @Test
    void theDashboardServesItsLoginPage() throws Exception {
        try (FeatureFlags flags = new FeatureFlags(capstan.redis(), capstan.namespace());
             Worker worker = Worker.builder(capstan).handler(new SendWelcomeEmail()).build().start();
             Dashboard dashboard = WorkerWithDashboard.startDashboard(capstan, worker, flags,
                     "ops-password-1234", "viewer-password-1234", 0)) {
            HttpResponse<String> login = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(dashboard.url() + "login")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode());
        }
    }
}
