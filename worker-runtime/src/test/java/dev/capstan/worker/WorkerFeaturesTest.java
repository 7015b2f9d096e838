package dev.capstan.worker;

import dev.capstan.redis.gates.JobGates;
import static dev.capstan.worker.TestHandlers.handler;
import static dev.capstan.worker.WorkerTest.capstan;
import static dev.capstan.worker.WorkerTest.fastWorker;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.EnqueueResult;
import dev.capstan.api.JobRequest;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.counter.Resolution;
import dev.capstan.redis.counter.TimeSeriesCounter;
import dev.capstan.redis.flags.FeatureFlags;
import dev.capstan.redis.livestatus.LiveStatus;
import dev.capstan.redis.ratelimit.RateLimiters;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import dev.capstan.worker.TestHandlers.Args;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class WorkerFeaturesTest {

    /** Gates as another process would use them: their own client and flag cache. */
    private static JobGates otherProcessGates(RedisTestContext ctx, CapstanRedis capstan) {
        return new JobGates(ctx.closeAfter(new FeatureFlags(ctx.newClient(), capstan.namespace())));
    }

    @Test
    void pausingAQueueStopsNewStartsWithinASecondAndResumingRestartsThem(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        AtomicInteger runs = new AtomicInteger();
        ctx.closeAfter(fastWorker(capstan).handler(handler("p", (a, c) -> runs.incrementAndGet())).build().start());
        JobGates gates = otherProcessGates(ctx, capstan);
        capstan.client().enqueue("p", new Args(0));
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 1);

        gates.pauseQueue("default");
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true); // the change has had its second
        for (int i = 1; i <= 5; i++) {
            capstan.client().enqueue("p", new Args(i));
        }
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> runs.get() == 1);
        assertEquals(5, capstan.admin().queue("default").size(), "paused: nothing started");

        gates.resumeQueue("default");
        await().atMost(Duration.ofSeconds(3)).until(() -> runs.get() == 6);
    }

    @Test
    void aSwitchedOffTypeWaitsOrDiesAsConfigured(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        AtomicInteger waited = new AtomicInteger();
        ctx.closeAfter(fastWorker(capstan)
                .handler(handler("waits", (a, c) -> waited.incrementAndGet()))
                .handler(handler("dies", (a, c) -> {}), JobTypeOptions.defaults().whenSwitchedOff(JobTypeOptions.SwitchedOff.DEAD))
                .build().start());
        JobGates gates = otherProcessGates(ctx, capstan);
        gates.switchOff("waits");
        gates.switchOff("dies");
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        String w = capstan.client().enqueue("waits", new Args(1)).jobId();
        String d = capstan.client().enqueue("dies", new Args(2)).jobId();
        await().atMost(Duration.ofSeconds(5)).until(() -> capstan.admin().dead("default", 0, 1).total() == 1
                && capstan.admin().scheduled("default", 0, 1).total() == 1);
        assertTrue(capstan.admin().find(d).orElseThrow().job().lastError().message().contains("switched off"));
        assertEquals(0, waited.get());
        gates.switchOn("waits");
        try (DuePromoterForTests promoter = new DuePromoterForTests(capstan, "default")) {
            await().atMost(Duration.ofSeconds(15)).until(() -> waited.get() == 1);
        }
        assertTrue(capstan.admin().find(w).isEmpty(), "done and gone");
    }

    @Test
    void aNewHandlerVersionRunsForTheRolledOutShareOfJobs(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        List<String> versions = new CopyOnWriteArrayList<>();
        JobGates gates = otherProcessGates(ctx, capstan);
        gates.rollout("resize-v2", 0);
        ctx.closeAfter(fastWorker(capstan)
                .handler(handler("resize", (a, c) -> versions.add("v1")))
                .rollout(handler("resize", (a, c) -> versions.add("v2")), "resize-v2")
                .build().start());
        for (int i = 0; i < 20; i++) {
            capstan.client().enqueue("resize", new Args(i));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> versions.size() == 20);
        assertFalse(versions.contains("v2"), "0 %: nobody gets v2");
        gates.rollout("resize-v2", 100);
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        for (int i = 0; i < 20; i++) {
            capstan.client().enqueue("resize", new Args(i));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> versions.size() == 40);
        assertEquals(20, versions.subList(20, 40).stream().filter("v2"::equals).count(), "100 %: everybody gets v2");
    }

    @Test
    void jobsWithTheSameIdempotencyKeyCompleteOnceAndALaterEnqueueIsReported(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        Map<String, AtomicInteger> effects = new ConcurrentHashMap<>();
        List<Long> tokens = new CopyOnWriteArrayList<>();
        CountDownLatch bothFetched = new CountDownLatch(1);
        ctx.closeAfter(fastWorker(capstan).concurrency(4).handler(handler("charge", (a, c) -> {
            tokens.add(c.fencingToken().orElseThrow());
            bothFetched.await(); // hold the lock while the copy is looked at
            effects.computeIfAbsent("order-" + a.n(), k -> new AtomicInteger()).incrementAndGet();
        })).build().start());
        try (DuePromoterForTests promoter = new DuePromoterForTests(capstan, "default")) {
            EnqueueResult first = capstan.client().enqueue(JobRequest.of("charge", new Args(7)).idempotencyKey("order-7"));
            EnqueueResult copy = capstan.client().enqueue(JobRequest.of("charge", new Args(7)).idempotencyKey("order-7"));
            assertEquals(EnqueueResult.Outcome.ENQUEUED, copy.outcome(), "not completed yet: the copy is queued");
            await().atMost(Duration.ofSeconds(5)).until(() -> capstan.admin().scheduled("default", 0, 1).total() == 1);
            bothFetched.countDown(); // the copy found the key locked and waits in the scheduled set
            await().atMost(Duration.ofSeconds(10)).until(() -> capstan.admin().queue("default").inFlight() == 0
                    && capstan.admin().scheduled("default", 0, 1).total() == 0 && capstan.admin().queue("default").size() == 0);
            assertEquals(1, effects.get("order-7").get(), "ran to completion once");
            assertEquals(1, tokens.size());
            EnqueueResult later = capstan.client().enqueue(JobRequest.of("charge", new Args(7)).idempotencyKey("order-7"));
            assertEquals(EnqueueResult.Outcome.ALREADY_COMPLETED, later.outcome());
            assertTrue(List.of(first.jobId(), copy.jobId()).contains(later.jobId()), "reports which job completed the key");
        }
    }

    @Test
    void aDuplicateEnqueueWithinTheDedupTtlReturnsTheFirstJob(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        EnqueueResult first = capstan.client().enqueue(JobRequest.of("x", new Args(1)).dedupKey("report-2026-11", Duration.ofMinutes(5)));
        EnqueueResult second = capstan.client().enqueue(JobRequest.of("x", new Args(1)).dedupKey("report-2026-11", Duration.ofMinutes(5)));
        assertEquals(EnqueueResult.Outcome.ENQUEUED, first.outcome());
        assertEquals(EnqueueResult.Outcome.DUPLICATE, second.outcome());
        assertEquals(first.jobId(), second.jobId());
        assertEquals(1, capstan.admin().queue("default").size());
    }

    @Test
    void aThrottledTypeNeverExceedsItsLimitAcrossWorkersAndNoJobIsLost(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        List<Long> starts = new CopyOnWriteArrayList<>();
        Throttle fivePerSecond = Throttles.rate(
                RateLimiters.on(capstan.redis(), capstan.namespace()).slidingLog("sms", 5, Duration.ofSeconds(1)), Throttles.GLOBAL);
        for (int w = 0; w < 2; w++) { // two workers share the limit
            ctx.closeAfter(fastWorker(capstan).concurrency(8)
                    .handler(handler("sms", (a, c) -> starts.add(System.nanoTime())), JobTypeOptions.defaults().withThrottle(fivePerSecond))
                    .build().start());
        }
        try (DuePromoterForTests promoter = new DuePromoterForTests(capstan, "default")) {
            for (int i = 0; i < 15; i++) {
                capstan.client().enqueue("sms", new Args(i));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> starts.size() == 15);
        }
        List<Long> sorted = starts.stream().sorted().toList();
        for (int i = 0; i + 5 < sorted.size(); i++) {
            long gapMs = (sorted.get(i + 5) - sorted.get(i)) / 1_000_000;
            assertTrue(gapMs >= 900, "the 1st and 6th of any six starts are a window apart (allowing clock noise): " + gapMs + " ms");
        }
    }

    @Test
    void aConcurrencyThrottleNeverRunsMoreThanItsPermitsAcrossWorkersAndRunsEveryJob(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Throttle twoAtOnce = Throttles.concurrency(
                RateLimiters.on(capstan.redis(), capstan.namespace()).concurrency("exports", 2, Duration.ofSeconds(30)),
                Throttles.GLOBAL);
        for (int w = 0; w < 2; w++) { // two workers share the two permits
            ctx.closeAfter(fastWorker(capstan).concurrency(4)
                    .handler(handler("export", (a, c) -> {
                        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // the export's work
                        running.decrementAndGet();
                        done.incrementAndGet();
                    }), JobTypeOptions.defaults().withThrottle(twoAtOnce))
                    .build().start());
        }
        try (DuePromoterForTests promoter = new DuePromoterForTests(capstan, "default")) {
            for (int i = 0; i < 12; i++) {
                capstan.client().enqueue("export", new Args(i));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> done.get() == 12);
        }
        assertEquals(2, mostAtOnce.get(), "two at once at most, and the limit was reached (8 threads asked for more)");
        assertEquals(0, capstan.admin().queue("default").scheduled(), "no job left waiting for a permit");
    }

    @Test
    void progressIsPublishedWhileAJobRunsAndGoneAfter(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        CountDownLatch release = new CountDownLatch(1);
        ctx.closeAfter(fastWorker(capstan).handler(handler("resize", (a, c) -> {
            c.progress(40, "resizing");
            release.await();
        })).build().start());
        String id = capstan.client().enqueue("resize", new Args(1)).jobId();
        LiveStatus status = new LiveStatus(capstan.redis(), capstan.namespace());
        await().atMost(Duration.ofSeconds(5)).until(() -> status.current(LiveStatusProgress.TOPIC).containsKey(id));
        assertTrue(status.current(LiveStatusProgress.TOPIC).get(id).startsWith("40% resizing"));
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> !status.current(LiveStatusProgress.TOPIC).containsKey(id));
    }

    @Test
    void processedAndFailedCountsReachRedisPerMinute(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        AtomicInteger done = new AtomicInteger();
        Worker worker = ctx.closeAfter(fastWorker(capstan).countUnique("tenant").handler(handler("c", (a, c) -> {
            done.incrementAndGet();
            if (a.n() % 4 == 0) {
                throw new IllegalStateException("every fourth fails");
            }
        }), JobTypeOptions.defaults().withMaxAttempts(1)).build().start());
        for (int i = 0; i < 12; i++) {
            capstan.client().enqueue(JobRequest.of("c", new Args(i)).metadata("tenant", "t" + (i % 3)));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> done.get() == 12);
        await().atMost(Duration.ofSeconds(5)).until(() -> capstan.admin().dead("default", 0, 1).total() == 3);
        worker.flushStats();
        TimeSeriesCounter counters = new TimeSeriesCounter(capstan.redis(), capstan.namespace());
        Instant now = Instant.now();
        assertEquals(9, counters.total(ClusterStats.processedName("default"), Resolution.MINUTE, now.minusSeconds(120), now.plusSeconds(60)));
        assertEquals(3, counters.total(ClusterStats.failedName("default"), Resolution.MINUTE, now.minusSeconds(120), now.plusSeconds(60)));
        assertEquals(3, new dev.capstan.redis.counter.UniqueCounter(capstan.redis(), capstan.namespace())
                .count(ClusterStats.uniqueName("c", "tenant"), now));
    }

    @Test
    void exactlyOneOfSeveralWorkersLeadsAndAnotherTakesOverWhenItStops(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        List<Worker> workers = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 3; i++) {
            workers.add(ctx.closeAfter(fastWorker(capstan).leaderLease(Duration.ofSeconds(2))
                    .handler(handler("x", (a, c) -> {})).build().start()));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> workers.stream().filter(Worker::isLeader).count() == 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> workers.stream().filter(Worker::isLeader).count() == 1);
        Worker leader = workers.stream().filter(Worker::isLeader).findFirst().orElseThrow();
        leader.close();
        workers.remove(leader);
        await().atMost(Duration.ofSeconds(5)).until(() -> workers.stream().filter(Worker::isLeader).count() == 1);
    }

    @Test
    void aWorkerGoesQuietWhenAnotherProcessAsksThroughTheGates(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        AtomicInteger runs = new AtomicInteger();
        Worker worker = ctx.closeAfter(fastWorker(capstan).handler(handler("q", (a, c) -> runs.incrementAndGet())).build().start());
        otherProcessGates(ctx, capstan).quietWorker(worker.id());
        await().atMost(Duration.ofSeconds(1)).until(worker::isQuiet);
        capstan.client().enqueue("q", new Args(1));
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(() -> runs.get() == 0);
        assertEquals(1, capstan.admin().queue("default").size());
    }

    @Test
    void weightedQueuesServeEveryQueueInProportion(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        List<String> order = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 200; i++) {
            capstan.client().enqueue(JobRequest.of("w", new Args(i)).queue("heavy"));
            capstan.client().enqueue(JobRequest.of("w", new Args(i)).queue("light"));
        }
        ctx.closeAfter(fastWorker(capstan).concurrency(1).fetchBatch(1).weightedQueues(Map.of("heavy", 3, "light", 1))
                .handler(handler("w", (a, c) -> order.add(c.queue()))).build().start());
        await().atMost(Duration.ofSeconds(20)).until(() -> order.size() >= 100);
        long heavy = order.subList(0, 100).stream().filter("heavy"::equals).count();
        assertTrue(heavy >= 60 && heavy <= 90, "about 3 of 4 from the heavy queue, none starved: " + heavy + " of 100");
    }
}
