package dev.capstan.worker;

import static dev.capstan.worker.TestHandlers.handler;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.JobRequest;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import dev.capstan.worker.TestHandlers.Args;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fetching ahead of free slots (see {@link ExecutionSlots}): short jobs are fetched in batches larger
 * than the free slots, long ones are not held back from other workers, and jobs fetched ahead but
 * not started go back to their queue when the worker stops.
 */
@ExtendWith(RedisExtension.class)
class PrefetchTest {

    @Test
    void aWorkerFetchesShortJobsAheadOfItsFreeSlots(RedisTestContext ctx) {
        CapstanRedis capstan = WorkerTest.capstan(ctx);
        String pending = capstan.broker().keys("default").pending();
        AtomicInteger started = new AtomicInteger();
        AtomicInteger mostAhead = new AtomicInteger();
        Worker worker = ctx.closeAfter(WorkerTest.fastWorker(capstan).concurrency(2).handler(handler("quick", (a, c) -> {
            int k = started.incrementAndGet();
            if (k % 50 == 0) {
                // Taken from the queue but not started yet: fetched ahead (the other slot's job aside).
                long ahead = 3_000 - capstan.redis().llen(pending) - k - 1;
                mostAhead.accumulateAndGet((int) ahead, Math::max);
            }
        })).build());
        enqueue(capstan, "quick", 3_000);
        worker.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> started.get() == 3_000);
        assertTrue(mostAhead.get() > 0, "with 2 slots, at most " + mostAhead.get() + " jobs were fetched ahead");
    }

    @Test
    void longJobsAreNotFetchedAheadSoOtherWorkersGetThem(RedisTestContext ctx) {
        CapstanRedis capstan = WorkerTest.capstan(ctx);
        String pending = capstan.broker().keys("default").pending();
        AtomicInteger started = new AtomicInteger();
        AtomicInteger mostAhead = new AtomicInteger();
        // Enqueued before the worker starts, so the dispatcher fetches them (an idle worker's waker may
        // hand one job to the dispatcher while both slots are busy: that is not fetching ahead).
        enqueue(capstan, "slow", 12);
        ctx.closeAfter(WorkerTest.fastWorker(capstan).concurrency(2).handler(handler("slow", (a, c) -> {
            int k = started.incrementAndGet();
            long ahead = 12 - capstan.redis().llen(pending) - k - 1;
            mostAhead.accumulateAndGet((int) ahead, Math::max);
            work(Duration.ofMillis(150));
        })).build().start());
        await().atMost(Duration.ofSeconds(30)).until(() -> started.get() == 12 && capstan.admin().queue("default").inFlight() == 0);
        // Fetching ahead for these jobs would take up to a batch (here all 12) at once; allow at most the
        // one job a waker can hold in the hand-off.
        assertTrue(mostAhead.get() <= 1, mostAhead.get() + " jobs of 150 ms were fetched ahead of 2 slots");
    }

    @Test
    void jobsFetchedAheadButNotStartedGoBackToTheirQueueWhenTheWorkerStops(RedisTestContext ctx) throws Exception {
        CapstanRedis capstan = WorkerTest.capstan(ctx);
        CountDownLatch blocking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        Worker worker = WorkerTest.fastWorker(capstan).concurrency(1).shutdownTimeout(Duration.ofSeconds(10))
                .handler(handler("job", (a, c) -> {
                    if (a.n() == 400) { // by now the worker times jobs as short and fetches ahead
                        blocking.countDown();
                        release.await();
                    }
                    ran.incrementAndGet();
                })).build().start();
        enqueue(capstan, "job", 2_000);
        assertTrue(blocking.await(30, java.util.concurrent.TimeUnit.SECONDS));
        String processing = capstan.broker().keys("default").processing(worker.id());
        long held = capstan.redis().llen(processing);
        assertTrue(held > 1, "jobs fetched ahead while the only slot is busy: " + held);
        worker.quiet(); // stops fetching: jobs fetched ahead must not start from now on
        release.countDown(); // the running job finishes
        await().atMost(Duration.ofSeconds(10)).until(() -> capstan.redis().llen(processing) == 0);
        assertEquals(400, ran.get(), "no job fetched ahead started after the worker went quiet");
        worker.close();
        long waiting = capstan.admin().queue("default").size();
        assertEquals(2_000, ran.get() + waiting, "every job either ran or is back in the queue");
        assertTrue(waiting >= held - 1, "the jobs fetched ahead went back: " + waiting + " waiting, " + held + " held");
    }

    /** The job's own work: parks for its length (no CPU burnt on the shared machine). */
    private static void work(Duration length) {
        long end = System.nanoTime() + length.toNanos();
        for (long left = length.toNanos(); left > 0; left = end - System.nanoTime()) {
            java.util.concurrent.locks.LockSupport.parkNanos(left);
        }
    }

    private static void enqueue(CapstanRedis capstan, String type, int n) {
        List<JobRequest> requests = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            requests.add(JobRequest.of(type, new Args(i)));
        }
        capstan.client().enqueueAll(requests);
    }
}
