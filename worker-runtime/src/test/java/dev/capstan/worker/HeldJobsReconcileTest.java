package dev.capstan.worker;

import static dev.capstan.worker.TestHandlers.handler;
import static dev.capstan.worker.WorkerTest.capstan;
import static dev.capstan.worker.WorkerTest.fastWorker;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.Job;
import dev.capstan.api.JobRequest;
import dev.capstan.api.JobView;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import dev.capstan.worker.TestHandlers.Args;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A live worker's processing list against what it really holds: held-for times, strays, copies taken over. */
@ExtendWith(RedisExtension.class)
class HeldJobsReconcileTest {

    @Test
    void inFlightJobsShowSinceWhenTheirWorkerHoldsThem(RedisTestContext ctx) throws Exception {
        CapstanRedis capstan = capstan(ctx);
        CountDownLatch release = new CountDownLatch(1);
        ctx.closeAfter(fastWorker(capstan).handler(handler("slow", (a, c) -> release.await())).build().start());
        long before = System.currentTimeMillis();
        capstan.client().enqueue("slow", new Args(1));
        JobView view = await().atMost(Duration.ofSeconds(5)).until(
                () -> capstan.admin().inFlight("default", 0, 10).items().stream().findFirst().orElse(null),
                v -> v != null && v.at() > 0);
        assertTrue(view.at() >= before - 1_000 && view.at() <= System.currentTimeMillis(), "held since " + view.at());
        assertEquals(view.at(), capstan.admin().find(view.job().id()).orElseThrow().at(), "the job page shows it too");
        release.countDown();
    }

    @Test
    void aJobInTheListThatTheWorkerNeverReceivedGoesBackAndRuns(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        AtomicInteger runs = new AtomicInteger();
        Worker worker = ctx.closeAfter(fastWorker(capstan).handler(handler("x", (a, c) -> runs.incrementAndGet()))
                .build().start());
        // What a fetch whose reply was lost leaves behind: a job in this worker's list, unknown to the worker.
        long now = System.currentTimeMillis();
        Job stray = new Job(dev.capstan.api.JobIds.next(), "x", "default", "{\"n\":7}", 0, 25, now, now, 0, null, null,
                java.util.Map.of(), 0, null);
        capstan.redis().lpush(capstan.broker().keys("default").processing(worker.id()), capstan.codec().encode(stray));
        await().atMost(Duration.ofSeconds(10)).until(() -> worker.strandedJobsReturned() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> capstan.admin().queue("default").inFlight() == 0
                && capstan.admin().queue("default").size() == 0 && runs.get() == 1);
    }

    @Test
    void aRunningCopyWhoseJobTheReaperTookBackIsFencedOffAndRecordsNothing(RedisTestContext ctx) throws Exception {
        CapstanRedis capstan = capstan(ctx);
        AtomicInteger cancelled = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        Worker worker = ctx.closeAfter(fastWorker(capstan).handler(handler("long", (a, c) -> {
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < end) {
                if (c.isCancelled()) {
                    cancelled.incrementAndGet();
                    return; // a handler that returns normally when cancelled: its "success" must not be recorded
                }
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
            }
            finished.incrementAndGet();
        })).build().start());
        capstan.client().enqueue(JobRequest.of("long", new Args(1)).idempotencyKey("k1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> worker.busy() == 1);
        // What the reaper does when it takes this worker for dead: the job back in the queue, the key freed.
        String processing = capstan.broker().keys("default").processing(worker.id());
        String element = capstan.redis().lindex(processing, 0);
        Job job = capstan.codec().decode(element);
        capstan.broker().releaseKeyLocksOf("default", worker.id(), List.of("k1"), List.of(job.id()));
        capstan.broker().requeue("default", worker.id(),
                List.of(new dev.capstan.redis.queue.QueueBroker.Move(element, capstan.codec().encode(job.withRecovery()))));

        await().atMost(Duration.ofSeconds(10)).until(() -> cancelled.get() >= 1);
        assertEquals(0, finished.get());
        // The recovered copy runs on (here on the same worker) and is the only one to complete the key.
        await().atMost(Duration.ofSeconds(5)).until(() -> capstan.admin().queue("default").inFlight() == 1);
        assertEquals(null, capstan.broker().completedBy("default", "k1"), "the fenced copy completed nothing");
    }
}
