package dev.capstan.worker;

import static dev.capstan.worker.TestHandlers.handler;
import static dev.capstan.worker.WorkerTest.capstan;
import static dev.capstan.worker.WorkerTest.fastWorker;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.EnqueueResult;
import dev.capstan.api.JobRequest;
import dev.capstan.api.JobStatus;
import dev.capstan.api.JobStatus.State;
import dev.capstan.api.ResultHandler;
import dev.capstan.api.RetryPolicy;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import dev.capstan.worker.TestHandlers.Args;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Tracked jobs: results, O(1) status with its history, await, and that plain jobs pay nothing for it. */
@ExtendWith(RedisExtension.class)
class JobStatusAndResultsTest {
    record Square(int n, int square) {}

    static ResultHandler<Args, Square> square() {
        return ResultHandler.of("square", Args.class, (a, ctx) -> new Square(a.n(), a.n() * a.n()));
    }

    @Test
    void aResultHandlersResultIsKeptWithTheStatusAndAwaitReturnsIt(RedisTestContext ctx) throws Exception {
        CapstanRedis capstan = capstan(ctx);
        ctx.closeAfter(fastWorker(capstan).handler(square()).build().start());
        EnqueueResult handle = capstan.client().enqueue(JobRequest.of("square", new Args(7)).keepResult(Duration.ofHours(1)));
        assertTrue(handle.jobId().endsWith("@default"), "a tracked job's id names its queue: " + handle.jobId());

        JobStatus done = handle.await(Duration.ofSeconds(10));
        assertEquals(State.SUCCEEDED, done.state());
        assertEquals(new Square(7, 49), done.result(Square.class));
        assertEquals(List.of(State.WAITING, State.RUNNING, State.SUCCEEDED),
                done.history().stream().map(JobStatus.Transition::state).toList());
        assertEquals("attempt 1 on " + done.workerId().orElseThrow(), done.history().get(1).detail(),
                "running names the attempt (from 1) and the worker");
        assertEquals(1, done.attempt());
        long ttl = capstan.redis().pttl(new dev.capstan.redis.lifecycle.LifecycleKeys(capstan.namespace()).status(handle.jobId()));
        assertTrue(ttl > Duration.ofMinutes(59).toMillis() && ttl <= Duration.ofHours(1).toMillis(),
                "a finished status is kept for its retention: " + ttl);
        assertEquals(done, capstan.jobs().status(handle.jobId()).orElseThrow(), "any process reads the same status by id");
    }

    /** A typed result handler: its type name and argument class are derived (issue 13's conventions). */
    static final class DoubleIt implements ResultHandler<Args, Integer> {
        @Override
        public Integer run(Args args, dev.capstan.api.JobContext context) {
            return args.n() * 2;
        }
    }

    @Test
    void aTypedResultHandlerClassNeedsNoTypeNameOrArgumentClass(RedisTestContext ctx) throws Exception {
        CapstanRedis capstan = capstan(ctx);
        DoubleIt handler = new DoubleIt();
        assertEquals("double-it", handler.type());
        assertEquals(Args.class, handler.argsType());
        ctx.closeAfter(fastWorker(capstan).handler(handler).build().start());
        EnqueueResult handle = capstan.client().enqueue(JobRequest.of("double-it", new Args(21)).keepResult(Duration.ofMinutes(1)));
        assertEquals(42, handle.await(Duration.ofSeconds(10)).result(Integer.class));
    }

    @Test
    void awaitIsCorrectWhenTheJobFinishedBeforeTheCall(RedisTestContext ctx) throws Exception {
        CapstanRedis capstan = capstan(ctx);
        ctx.closeAfter(fastWorker(capstan).handler(square()).build().start());
        EnqueueResult handle = capstan.client().enqueue(JobRequest.of("square", new Args(3)).keepResult(Duration.ofMinutes(5)));
        await().atMost(Duration.ofSeconds(10)).until(() -> handle.status().orElseThrow().isFinal());
        long start = System.nanoTime();
        JobStatus done = handle.await(Duration.ofSeconds(30));
        assertEquals(State.SUCCEEDED, done.state());
        assertEquals(9, done.result(Square.class).square());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "returned at once, not at the timeout");
    }

    @Test
    void awaitWakesOnTheFinishMessageWithoutPolling(RedisTestContext ctx) throws Exception {
        CapstanRedis capstan = capstan(ctx);
        CountDownLatch release = new CountDownLatch(1);
        ctx.closeAfter(fastWorker(capstan).handler(ResultHandler.of("slow", Args.class, (a, c) -> {
            release.await();
            return a.n();
        })).build().start());
        EnqueueResult handle = capstan.client().enqueue(JobRequest.of("slow", new Args(5)).keepResult(Duration.ofMinutes(5)));
        await().atMost(Duration.ofSeconds(5)).until(() -> handle.status().orElseThrow().state() == State.RUNNING);
        // The waiter's own client: every command it sends is counted by Redis per connection name.
        CapstanRedis waiterSide = capstan(ctx);
        // The job's "work" lasts 1.5 s; the waiter must simply wait, not look again and again.
        java.util.concurrent.CompletableFuture.delayedExecutor(1_500, java.util.concurrent.TimeUnit.MILLISECONDS)
                .execute(release::countDown);
        long before = commandsOf(capstan, "status");
        JobStatus done = waiterSide.jobs().await(handle.jobId(), Duration.ofSeconds(20));
        long reads = commandsOf(capstan, "status") - before;
        assertEquals(State.SUCCEEDED, done.state());
        assertEquals(5, done.result(Integer.class));
        assertTrue(reads <= 2, "one read and mark before waiting, one read after the message: " + reads);
        waiterSide.close();
    }

    /** EVALSHA + HGETALL calls Redis has served so far (the waiter's reads are one of each at most per wake-up). */
    private static long commandsOf(CapstanRedis capstan, String what) {
        String stats = capstan.redis().info("commandstats");
        long n = 0;
        for (String line : stats.split("\r?\n")) {
            if (line.startsWith("cmdstat_hgetall:")) {
                n += Long.parseLong(line.replaceAll(".*calls=(\\d+).*", "$1"));
            }
        }
        return n;
    }

    @Test
    void aFailingJobShowsRetryingWithItsLastErrorThenDeadWithTheReason(RedisTestContext ctx) throws Exception {
        CapstanRedis capstan = capstan(ctx);
        ctx.closeAfter(fastWorker(capstan).handler(handler("flaky", (a, c) -> {
            throw new IllegalStateException("service down (" + c.attempt() + ")");
        }), JobTypeOptions.defaults().withMaxAttempts(2).withRetryPolicy(RetryPolicy.fixed(Duration.ofMillis(300)))).build().start());
        EnqueueResult handle = capstan.client().enqueue(JobRequest.of("flaky", new Args(1)).keepResult(Duration.ofHours(1)));
        await().atMost(Duration.ofSeconds(5)).until(() -> handle.status().orElseThrow().state() == State.RETRYING);
        JobStatus retrying = handle.status().orElseThrow();
        assertEquals("java.lang.IllegalStateException: service down (1)", retrying.error().orElseThrow());
        assertTrue(retrying.runAt() > 0, "a retrying job says when it runs next");
        assertEquals(2, retrying.attempt(), "attempts count from 1, as JobContext.attempt(): next comes the second");

        JobStatus dead = handle.await(Duration.ofSeconds(10));
        assertEquals(State.DEAD, dead.state());
        assertEquals("java.lang.IllegalStateException: service down (2)", dead.error().orElseThrow());
        assertEquals(2, dead.attempt(), "died on its second attempt");
        assertEquals(List.of(State.WAITING, State.RUNNING, State.RETRYING, State.RUNNING, State.DEAD),
                dead.history().stream().map(JobStatus.Transition::state).toList());
        assertTrue(dead.history().get(1).detail().startsWith("attempt 1 on "), dead.history().get(1).detail());
        assertTrue(dead.history().get(3).detail().startsWith("attempt 2 on "), dead.history().get(3).detail());
        assertEquals(1, capstan.admin().queue("default").dead(), "the dead job is in the dead set as always");
    }

    @Test
    void aRunningJobsStatusShowsItsProgress(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        CountDownLatch release = new CountDownLatch(1);
        ctx.closeAfter(release::countDown);
        ctx.closeAfter(fastWorker(capstan).handler(handler("report", (a, c) -> {
            c.progress(40, "resizing");
            release.await();
        })).build().start());
        EnqueueResult handle = capstan.client().enqueue(JobRequest.of("report", new Args(1)).keepResult(Duration.ofHours(1)));
        await().atMost(Duration.ofSeconds(5)).until(() -> handle.status().orElseThrow().progress().isPresent());
        JobStatus running = handle.status().orElseThrow();
        assertEquals(State.RUNNING, running.state());
        assertEquals(40, running.progress().getAsInt());
        assertEquals("resizing", running.progressMessage().orElseThrow());
    }

    @Test
    void aScheduledJobShowsScheduledThenRuns(RedisTestContext ctx) throws Exception {
        CapstanRedis capstan = capstan(ctx);
        ctx.closeAfter(fastWorker(capstan).handler(square()).build().start());
        EnqueueResult handle = capstan.client().enqueueIn(JobRequest.of("square", new Args(4)).keepResult(Duration.ofHours(1)),
                Duration.ofMillis(800));
        assertEquals(EnqueueResult.Outcome.SCHEDULED, handle.outcome());
        assertEquals(State.SCHEDULED, handle.status().orElseThrow().state());
        assertEquals(16, handle.await(Duration.ofSeconds(10)).result(Square.class).square());
    }

    @Test
    void aRetentionPerJobTypeTracksPlainEnqueues(RedisTestContext ctx) throws Exception {
        CapstanRedis capstan = capstan(ctx).keepResults("square", Duration.ofMinutes(10));
        ctx.closeAfter(fastWorker(capstan).handler(square()).build().start());
        EnqueueResult handle = capstan.client().enqueue("square", new Args(6));
        assertEquals(36, handle.await(Duration.ofSeconds(10)).result(Square.class).square());
    }

    @Test
    void plainJobsHaveNoStatusAndCostNoExtraKeys(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        ctx.closeAfter(fastWorker(capstan).handler(square()).build().start());
        EnqueueResult plain = capstan.client().enqueue("square", new Args(2));
        assertFalse(plain.jobId().contains("@"), "a plain job keeps a plain id");
        await().atMost(Duration.ofSeconds(5)).until(() -> capstan.admin().queue("default").size() == 0
                && capstan.admin().queue("default").inFlight() == 0);
        assertTrue(plain.status().isEmpty(), "no status for an untracked job");
        assertTrue(ctx.keys().stream().noneMatch(k -> k.contains(":job:") || k.contains("outbox") || k.contains("cancel")),
                "no lifecycle keys for plain jobs: " + ctx.keys());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plain.await(Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("keepResult"), e.getMessage());
    }

    @Test
    void aTrackedEnqueueRetriedWithTheSameIdDoesNotEnqueueTwice(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        EnqueueResult first = capstan.client().enqueue(JobRequest.of("square", new Args(1)).keepResult(Duration.ofHours(1)));
        // A second enqueue of the same id (what a retried call after a lost reply does) finds its status.
        String status = new dev.capstan.redis.lifecycle.LifecycleKeys(capstan.namespace()).status(first.jobId());
        assertTrue(capstan.redis().exists(status));
        assertEquals(1, capstan.admin().queue("default").size());
        assertTrue(capstan.jobs().status("nonsense@default").isEmpty());
        assertTrue(capstan.jobs().status("plainid").isEmpty());
    }
}
