package dev.capstan.worker;

import static dev.capstan.worker.TestHandlers.handler;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.JacksonJobCodec;
import dev.capstan.api.JobOutcome;
import dev.capstan.api.JobRequest;
import dev.capstan.api.JobState;
import dev.capstan.api.JobView;
import dev.capstan.api.RetryPolicy;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import dev.capstan.worker.TestHandlers.Args;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class WorkerTest {

    static CapstanRedis capstan(RedisTestContext ctx) {
        return new CapstanRedis(ctx.newClient(), QueueSettings.defaults(new Namespace(ctx.namespace())), new JacksonJobCodec());
    }

    static WorkerBuilder fastWorker(CapstanRedis capstan) {
        return Worker.builder(capstan).heartbeat(Duration.ofMillis(200), Duration.ofSeconds(2))
                .reaper(false, Duration.ofSeconds(1)).shutdownTimeout(Duration.ofSeconds(2));
    }

    @Test
    void runsTypedJobsAndLeavesNothingBehind(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        Worker worker = ctx.closeAfter(fastWorker(capstan).handler(handler("add", (a, c) -> seen.add(a.n()))).build().start());
        for (int i = 0; i < 200; i++) {
            capstan.client().enqueue("add", new Args(i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 200);
        await().atMost(Duration.ofSeconds(5)).until(() -> capstan.admin().queue("default").inFlight() == 0);
        assertEquals(0, capstan.admin().queue("default").size());
        assertEquals(200, worker.metrics().meter("capstan.default.add.processed").getCount());
    }

    @Test
    void failingJobIsRetriedWithItsErrorRecordedThenDies(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        AtomicInteger runs = new AtomicInteger();
        // This test promotes by hand, to see the job between its attempts (a worker's own promoter,
        // woken by the retry, would run the second attempt at once).
        ctx.closeAfter(fastWorker(capstan).promoteScheduled(false).handler(handler("fails", (a, c) -> {
            runs.incrementAndGet();
            throw new IllegalStateException("broken on attempt " + c.attempt());
        }), JobTypeOptions.defaults().withMaxAttempts(2).withRetryPolicy(RetryPolicy.fixed(Duration.ofMillis(1)))).build().start());
        String id = capstan.client().enqueue("fails", new Args(1)).jobId();
        await().atMost(Duration.ofSeconds(5)).until(() -> capstan.admin().scheduled("default", 0, 1).total() == 1);
        JobView retry = capstan.admin().find(id).orElseThrow();
        assertEquals(JobState.RETRY, retry.state());
        // Attempts count from 1 on every surface: the handler's context, the error it wrote, the admin view.
        assertEquals("broken on attempt 1", retry.job().lastError().message());
        assertEquals(2, retry.attempt(), "waiting for its second attempt");
        capstan.broker().promoteDue("default", 10);
        await().atMost(Duration.ofSeconds(5)).until(() -> capstan.admin().dead("default", 0, 1).total() == 1);
        JobView dead = capstan.admin().find(id).orElseThrow();
        assertEquals(JobState.DEAD, dead.state());
        assertEquals("broken on attempt 2", dead.job().lastError().message());
        assertEquals(2, dead.attempt(), "died on its second and last attempt (of 2)");
        assertEquals(2, dead.job().maxAttempts());
        assertEquals(2, runs.get());
    }

    @Test
    void unknownTypesAndUndecodableArgumentsGoToTheDeadSetWithTheReason(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        ctx.closeAfter(fastWorker(capstan).handler(handler("known", (a, c) -> {})).build().start());
        String unknown = capstan.client().enqueue("no-such-type", Map.of()).jobId();
        String badArgs = capstan.client().enqueue("known", Map.of("n", "not a number")).jobId();
        await().atMost(Duration.ofSeconds(5)).until(() -> capstan.admin().dead("default", 0, 5).total() == 2);
        assertTrue(capstan.admin().find(unknown).orElseThrow().job().lastError().message()
                .contains("no handler is registered for job type 'no-such-type'"));
        assertTrue(capstan.admin().find(badArgs).orElseThrow().job().lastError().message()
                .contains("do not decode into " + Args.class.getName()));
    }

    @Test
    void handlerOutcomesDiscardDeadAndRetryLater(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        AtomicInteger laterRuns = new AtomicInteger();
        ctx.closeAfter(fastWorker(capstan).promoteScheduled(false) // promoted by hand below, to see the job in between
                .handler(handler("discard", (a, c) -> { throw new JobOutcome.Discard("obsolete"); }))
                .handler(handler("dead", (a, c) -> { throw new JobOutcome.SendToDead("bad customer id"); }))
                .handler(handler("later", (a, c) -> {
                    if (laterRuns.incrementAndGet() == 1) {
                        throw new JobOutcome.RetryLater(Duration.ofMillis(1), "busy");
                    }
                }))
                .build().start());
        capstan.client().enqueue("discard", new Args(1));
        String dead = capstan.client().enqueue("dead", new Args(2)).jobId();
        String later = capstan.client().enqueue("later", new Args(3)).jobId();
        await().atMost(Duration.ofSeconds(5)).until(() -> capstan.admin().dead("default", 0, 5).total() == 1
                && capstan.admin().scheduled("default", 0, 5).total() == 1);
        assertEquals("bad customer id", capstan.admin().find(dead).orElseThrow().job().lastError().message());
        JobView rescheduled = capstan.admin().find(later).orElseThrow();
        assertEquals(0, rescheduled.job().attempt(), "retry-later does not use up an attempt");
        capstan.broker().promoteDue("default", 10);
        await().atMost(Duration.ofSeconds(5)).until(() -> laterRuns.get() == 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> capstan.admin().queue("default").inFlight() == 0);
        assertEquals(0, capstan.admin().queue("default").size());
    }

    @Test
    void aJobOverItsTimeoutIsInterruptedAndRetried(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        ctx.closeAfter(fastWorker(capstan).handler(handler("slow", (a, c) -> new CountDownLatch(1).await()),
                JobTypeOptions.defaults().withTimeout(Duration.ofMillis(200))).build().start());
        String id = capstan.client().enqueue("slow", new Args(1)).jobId();
        await().atMost(Duration.ofSeconds(5)).until(() -> capstan.admin().scheduled("default", 0, 1).total() == 1);
        JobView view = capstan.admin().find(id).orElseThrow();
        assertEquals(JobTimeoutException.class.getName(), view.job().lastError().className());
        assertTrue(view.job().lastError().message().contains("ran longer than its timeout of PT0.2S"));
    }

    @Test
    void runsAtMostConcurrencyJobsAtOnce(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        AtomicInteger now = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        ctx.closeAfter(fastWorker(capstan).concurrency(4).handler(handler("busy", (a, c) -> {
            peak.accumulateAndGet(now.incrementAndGet(), Math::max);
            await().pollDelay(Duration.ofMillis(20)).until(() -> true);
            now.decrementAndGet();
            done.incrementAndGet();
        })).build().start());
        for (int i = 0; i < 40; i++) {
            capstan.client().enqueue("busy", new Args(i));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> done.get() == 40);
        assertEquals(4, peak.get(), "four at a time, never more");
    }

    @Test
    void strictPriorityServesTheFirstQueueFirst(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        List<String> order = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 5; i++) {
            capstan.client().enqueue(JobRequest.of("q", new Args(i)).queue("low"));
            capstan.client().enqueue(JobRequest.of("q", new Args(i)).queue("high"));
        }
        ctx.closeAfter(fastWorker(capstan).concurrency(1).fetchBatch(1).queues("high", "low")
                .handler(handler("q", (a, c) -> order.add(c.queue()))).build().start());
        await().atMost(Duration.ofSeconds(10)).until(() -> order.size() == 10);
        assertEquals(List.of("high", "high", "high", "high", "high", "low", "low", "low", "low", "low"), order);
    }

    @Test
    void middlewareWrapsEveryExecution(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        List<String> events = new CopyOnWriteArrayList<>();
        ctx.closeAfter(fastWorker(capstan)
                .middleware((job, c, next) -> { events.add("outer-before " + job.type()); next.proceed(); events.add("outer-after"); })
                .middleware((job, c, next) -> { events.add("inner-before"); next.proceed(); events.add("inner-after"); })
                .handler(handler("m", (a, c) -> events.add("handler"))).build().start());
        capstan.client().enqueue("m", new Args(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 5);
        assertEquals(List.of("outer-before m", "inner-before", "handler", "inner-after", "outer-after"), events);
    }

    @Test
    void closePushesBackJobsThatDidNotFinishWithinTheTimeout(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        CountDownLatch started = new CountDownLatch(2);
        Worker worker = fastWorker(capstan).concurrency(2).shutdownTimeout(Duration.ofMillis(300))
                .handler(handler("stuck", (a, c) -> {
                    started.countDown();
                    new CountDownLatch(1).await(); // runs until interrupted
                })).build().start();
        for (int i = 0; i < 5; i++) {
            capstan.client().enqueue("stuck", new Args(i));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> started.getCount() == 0);
        worker.close();
        assertEquals(5, capstan.admin().queue("default").size(), "the two running and three waiting are all back");
        assertEquals(0, capstan.admin().queue("default").inFlight());
        assertTrue(capstan.workers().online().isEmpty(), "a closed worker leaves the presence group");
    }

    @Test
    void quietStopsNewStartsButLetsRunningJobsFinish(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        Worker worker = ctx.closeAfter(fastWorker(capstan).concurrency(1).fetchBatch(1).handler(handler("j", (a, c) -> {
            release.await();
            finished.incrementAndGet();
        })).build().start());
        capstan.client().enqueue("j", new Args(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> worker.busy() == 1);
        worker.quiet();
        capstan.client().enqueue("j", new Args(2));
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> finished.get() == 1);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> finished.get() == 1);
        assertEquals(1, capstan.admin().queue("default").size(), "the second job was not started");
    }
}
