package dev.capstan.worker;

import static dev.capstan.worker.TestHandlers.handler;
import static dev.capstan.worker.WorkerTest.capstan;
import static dev.capstan.worker.WorkerTest.fastWorker;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.CancelResult;
import dev.capstan.api.EnqueueResult;
import dev.capstan.api.JobRequest;
import dev.capstan.api.JobStatus;
import dev.capstan.api.JobStatus.State;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.lifecycle.LifecycleKeys;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import dev.capstan.worker.TestHandlers.Args;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** cancel(id): waiting and scheduled jobs are removed, running ones are stopped, none is retried. */
@ExtendWith(RedisExtension.class)
class CancellationTest {

    @Test
    void aWaitingJobIsRemovedAndEndsCancelled(RedisTestContext ctx) throws Exception {
        CapstanRedis capstan = capstan(ctx);
        EnqueueResult tracked = capstan.client().enqueue(JobRequest.of("never", new Args(1)).keepResult(Duration.ofHours(1)));
        EnqueueResult plain = capstan.client().enqueue(JobRequest.of("never", new Args(2)).dedupKey("d2", Duration.ofHours(1)));
        assertEquals(2, capstan.admin().queue("default").size());

        assertEquals(CancelResult.CANCELLED, tracked.cancel());
        assertEquals(CancelResult.CANCELLED, capstan.jobs().cancel(plain.jobId()), "untracked jobs are found by a scan");
        assertEquals(0, capstan.admin().queue("default").size());
        assertEquals(State.CANCELLED, tracked.await(Duration.ofSeconds(1)).state());
        assertEquals(2, capstan.jobs().cancelled("default", 0, 10).total(), "both are listed as cancelled");
        assertEquals(CancelResult.ALREADY_FINISHED, tracked.cancel());
        assertEquals(CancelResult.NOT_FOUND, capstan.jobs().cancel(plain.jobId()));
        assertEquals(CancelResult.NOT_FOUND, capstan.jobs().cancel("no-such-job"));
        // A cancelled job gives its dedup key back: the same work can be enqueued again.
        assertEquals(EnqueueResult.Outcome.ENQUEUED,
                capstan.client().enqueue(JobRequest.of("never", new Args(2)).dedupKey("d2", Duration.ofHours(1))).outcome());
    }

    @Test
    void aScheduledJobIsRemovedAndNeverRuns(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        AtomicInteger runs = new AtomicInteger();
        ctx.closeAfter(fastWorker(capstan).handler(handler("later", (a, c) -> runs.incrementAndGet())).build().start());
        EnqueueResult handle = capstan.client().enqueueIn(JobRequest.of("later", new Args(1)).keepResult(Duration.ofHours(1)),
                Duration.ofMillis(700));
        assertEquals(CancelResult.CANCELLED, handle.cancel());
        assertEquals(0, capstan.admin().queue("default").scheduled());
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> runs.get() == 0);
        assertEquals(State.CANCELLED, handle.status().orElseThrow().state());
    }

    @Test
    void aRunningJobIsToldStopsAndIsNotRetried(RedisTestContext ctx) throws Exception {
        CapstanRedis capstan = capstan(ctx);
        AtomicInteger runs = new AtomicInteger();
        AtomicBoolean sawCancelled = new AtomicBoolean();
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(2);
        ctx.closeAfter(fastWorker(capstan).concurrency(4).handler(handler("long", (a, c) -> {
            runs.incrementAndGet();
            started.countDown();
            try {
                workUntilInterrupted();
            } catch (InterruptedException e) {
                interrupted.set(true);
                sawCancelled.set(c.isCancelled());
                throw e;
            }
        })).build().start());
        EnqueueResult tracked = capstan.client().enqueue(JobRequest.of("long", new Args(1)).keepResult(Duration.ofHours(1)));
        EnqueueResult plain = capstan.client().enqueue(JobRequest.of("long", new Args(2)));
        assertTrue(started.await(10, java.util.concurrent.TimeUnit.SECONDS));

        CapstanRedis otherProcess = capstan(ctx); // the cancel comes from another client, as from another process
        assertEquals(CancelResult.CANCEL_REQUESTED, otherProcess.jobs().cancel(tracked.jobId()));
        assertEquals(CancelResult.CANCEL_REQUESTED, otherProcess.jobs().cancel(plain.jobId()));
        JobStatus done = tracked.await(Duration.ofSeconds(10));
        assertEquals(State.CANCELLED, done.state());
        assertTrue(done.cancelRequested());
        await().atMost(Duration.ofSeconds(5)).until(() -> capstan.admin().queue("default").inFlight() == 0);
        assertTrue(interrupted.get(), "the handler's thread was interrupted");
        assertTrue(sawCancelled.get(), "ctx.isCancelled() was true");
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() -> runs.get() == 2);
        assertEquals(0, capstan.admin().queue("default").scheduled(), "not retried");
        assertEquals(0, capstan.admin().queue("default").dead());
        assertEquals(2, capstan.jobs().cancelled("default", 0, 10).total());
        otherProcess.close();
    }

    @Test
    void aHandlerThatIgnoresTheInterruptStillEndsCancelled(RedisTestContext ctx) throws Exception {
        CapstanRedis capstan = capstan(ctx);
        CountDownLatch started = new CountDownLatch(1);
        ctx.closeAfter(fastWorker(capstan).handler(handler("stubborn", (a, c) -> {
            started.countDown();
            long until = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < until) {
                Thread.onSpinWait(); // ignores the interrupt and ctx.isCancelled(), and returns normally
            }
        })).build().start());
        EnqueueResult handle = capstan.client().enqueue(JobRequest.of("stubborn", new Args(1)).keepResult(Duration.ofHours(1)));
        assertTrue(started.await(10, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(CancelResult.CANCEL_REQUESTED, handle.cancel());
        assertEquals(State.CANCELLED, handle.await(Duration.ofSeconds(10)).state(), "cancelled, whatever the handler did after");
    }

    @Test
    void cancellingARunningJobReleasesItsIdempotencyKey(RedisTestContext ctx) throws Exception {
        CapstanRedis capstan = capstan(ctx);
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch firstStarted = new CountDownLatch(1);
        ctx.closeAfter(fastWorker(capstan).handler(handler("charge", (a, c) -> {
            if (runs.incrementAndGet() == 1) {
                firstStarted.countDown();
                workUntilInterrupted();
            }
        })).build().start());
        EnqueueResult first = capstan.client().enqueue(JobRequest.of("charge", new Args(1)).idempotencyKey("order-9")
                .keepResult(Duration.ofHours(1)));
        assertTrue(firstStarted.await(10, java.util.concurrent.TimeUnit.SECONDS));
        first.cancel();
        assertEquals(State.CANCELLED, first.await(Duration.ofSeconds(10)).state());
        assertEquals(null, capstan.broker().completedBy("default", "order-9"), "a cancelled job completes nothing");

        EnqueueResult again = capstan.client().enqueue(JobRequest.of("charge", new Args(1)).idempotencyKey("order-9")
                .keepResult(Duration.ofHours(1)));
        assertEquals(EnqueueResult.Outcome.ENQUEUED, again.outcome());
        assertEquals(State.SUCCEEDED, again.await(Duration.ofSeconds(10)).state(), "the key's lock was released: it runs");
        assertEquals(again.jobId(), capstan.broker().completedBy("default", "order-9"));
    }

    @Test
    void aLostCancelMessageIsMadeUpForAtTheNextHeartbeatCheck(RedisTestContext ctx) throws Exception {
        CapstanRedis capstan = capstan(ctx);
        CountDownLatch started = new CountDownLatch(1);
        ctx.closeAfter(fastWorker(capstan).handler(handler("long", (a, c) -> {
            started.countDown();
            workUntilInterrupted();
        })).build().start());
        EnqueueResult handle = capstan.client().enqueue(JobRequest.of("long", new Args(1)).keepResult(Duration.ofHours(1)));
        assertTrue(started.await(10, java.util.concurrent.TimeUnit.SECONDS));
        // The request is recorded but its message is never published (as if the subscription was down).
        capstan.redis().zadd(new LifecycleKeys(capstan.namespace()).cancelRequests("default"), System.currentTimeMillis(),
                handle.jobId());
        long start = System.nanoTime();
        assertEquals(State.CANCELLED, handle.await(Duration.ofSeconds(10)).state());
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs < 2_000, "found within a heartbeat interval (200 ms here), took " + tookMs + " ms");
    }

    @Test
    void aJobCancelledBetweenFetchAndStartDoesNotRun(RedisTestContext ctx) throws Exception {
        CapstanRedis capstan = capstan(ctx);
        AtomicInteger runs = new AtomicInteger();
        EnqueueResult handle = capstan.client().enqueue(JobRequest.of("quick", new Args(1)).keepResult(Duration.ofHours(1)));
        // As if a worker had fetched it and the cancel request came before it started.
        capstan.broker().fetch("default", "w-gone", 1);
        assertEquals(CancelResult.CANCEL_REQUESTED, handle.cancel());
        capstan.broker().requeue("default", "w-gone", java.util.List.of(new dev.capstan.redis.queue.QueueBroker.Move(
                capstan.broker().processing("default", "w-gone").get(0), capstan.broker().processing("default", "w-gone").get(0))));
        ctx.closeAfter(fastWorker(capstan).handler(handler("quick", (a, c) -> runs.incrementAndGet())).build().start());
        assertEquals(State.CANCELLED, handle.await(Duration.ofSeconds(10)).state());
        assertEquals(0, runs.get(), "the start step saw the request");
    }

    /** A handler's long work: returns only when its thread is interrupted (or after a minute). */
    private static void workUntilInterrupted() throws InterruptedException {
        new CountDownLatch(1).await(60, java.util.concurrent.TimeUnit.SECONDS);
    }
}
