package dev.capstan.worker;

import static dev.capstan.worker.TestHandlers.handler;
import static dev.capstan.worker.WorkerTest.capstan;
import static dev.capstan.worker.WorkerTest.fastWorker;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.Batch;
import dev.capstan.api.BatchEvent;
import dev.capstan.api.BatchOptions;
import dev.capstan.api.BatchStatus;
import dev.capstan.api.JobContext;
import dev.capstan.api.JobHandler;
import dev.capstan.api.JobRequest;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import dev.capstan.worker.TestHandlers.Args;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Batches with callbacks (Sidekiq Pro's model): counts, success vs complete, adding over time, exactly once. */
@ExtendWith(RedisExtension.class)
class BatchTest {

    /** Records every callback it runs. */
    static final class Callbacks implements JobHandler<BatchEvent> {
        final String type;
        final Queue<BatchEvent> events = new ConcurrentLinkedQueue<>();

        Callbacks(String type) {
            this.type = type;
        }

        @Override
        public String type() {
            return type;
        }

        @Override
        public Class<BatchEvent> argsType() {
            return BatchEvent.class;
        }

        @Override
        public void handle(BatchEvent event, JobContext context) {
            events.add(event);
        }

        long of(String batchId, String event) {
            return events.stream().filter(e -> e.batchId().equals(batchId) && e.event().equals(event)).count();
        }
    }

    static List<JobRequest> jobs(String type, int n) {
        List<JobRequest> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            jobs.add(JobRequest.of(type, new Args(i)));
        }
        return jobs;
    }

    @Test
    void successAndCompleteFireOnceWithTheCountsAndProgressIsReadable(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        Callbacks succeeded = new Callbacks("import-succeeded");
        Callbacks finished = new Callbacks("import-finished");
        for (int w = 0; w < 2; w++) {
            ctx.closeAfter(fastWorker(capstan).concurrency(8).handler(handler("row", (a, c) -> {}))
                    .handler(succeeded).handler(finished).build().start());
        }
        Batch batch = capstan.batches().enqueue(BatchOptions.described("import 2024-05")
                .onSuccess("import-succeeded", Map.of("file", "2024-05.csv"))
                .onComplete("import-finished", Map.of()), jobs("row", 200));

        await().atMost(Duration.ofSeconds(20)).until(() -> succeeded.events.size() == 1 && finished.events.size() == 1);
        BatchEvent success = succeeded.events.peek();
        assertEquals(new BatchEvent(batch.id(), "success", "import 2024-05", 200, 200, 0, 0, Map.of("file", "2024-05.csv")), success);
        assertEquals("complete", finished.events.peek().event());
        BatchStatus status = batch.status();
        assertEquals(200, status.total());
        assertEquals(0, status.pending());
        assertEquals(200, status.succeeded());
        assertTrue(status.isComplete() && status.isSuccess());
        assertEquals(100, status.percentDone());
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> succeeded.events.size() == 1
                && finished.events.size() == 1);
        assertEquals(status, capstan.jobs().recentBatches(0, 10).items().get(0), "listed for the dashboard");
    }

    @Test
    void aDeadJobCompletesTheBatchWithoutSuccessUntilItIsRetriedAndSucceeds(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        Callbacks succeeded = new Callbacks("ok");
        Callbacks finished = new Callbacks("done");
        Set<Integer> failOnce = ConcurrentHashMap.newKeySet();
        failOnce.add(3);
        ctx.closeAfter(fastWorker(capstan).concurrency(4).handler(handler("row", (a, c) -> {
            if (failOnce.remove(a.n())) {
                throw new IllegalStateException("row " + a.n() + " is broken");
            }
        }), JobTypeOptions.defaults().withMaxAttempts(1)).handler(succeeded).handler(finished).build().start());
        Batch batch = capstan.batches().enqueue(BatchOptions.described("rows").onSuccess("ok", Map.of())
                .onComplete("done", Map.of()), jobs("row", 10));

        await().atMost(Duration.ofSeconds(10)).until(() -> finished.events.size() == 1);
        assertEquals(new BatchEvent(batch.id(), "complete", "rows", 10, 9, 1, 0, Map.of()), finished.events.peek());
        assertTrue(succeeded.events.isEmpty(), "no success while a job is dead");
        assertTrue(batch.status().isComplete() && !batch.status().isSuccess());

        String deadId = capstan.admin().dead("default", 0, 1).items().get(0).job().id();
        assertTrue(capstan.admin().retryDead("default", deadId));
        await().atMost(Duration.ofSeconds(10)).until(() -> succeeded.events.size() == 1);
        assertEquals(new BatchEvent(batch.id(), "success", "rows", 10, 10, 0, 0, Map.of()), succeeded.events.peek());
        assertEquals(1, finished.events.size(), "complete fired once only");
    }

    @Test
    void jobsAddedOverTimeAndByTheBatchsOwnJobsCountAndCallbacksWaitForTheSeal(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        Callbacks finished = new Callbacks("done");
        ctx.closeAfter(fastWorker(capstan).concurrency(4).handler(handler("row", (a, c) -> {
            if (a.n() == 100) { // a job of the batch fans out into three more of its batch
                capstan.batches().get(c.batchId().orElseThrow()).add(jobs("row", 3));
            }
        })).handler(finished).build().start());
        Batch batch = capstan.batches().open(BatchOptions.described("growing").onComplete("done", Map.of()));
        batch.add(jobs("row", 5));
        await().atMost(Duration.ofSeconds(10)).until(() -> batch.status().succeeded() == 5);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> finished.events.isEmpty());
        assertFalse(batch.status().isComplete(), "not complete before the seal");

        batch.add(JobRequest.of("row", new Args(100)));
        batch.seal();
        batch.seal(); // idempotent
        await().atMost(Duration.ofSeconds(10)).until(() -> finished.events.size() == 1);
        assertEquals(9, finished.events.peek().total(), "5 + 1 + the 3 the job added");
        assertEquals(9, finished.events.peek().succeeded());
        IllegalStateException late = assertThrows(IllegalStateException.class, () -> batch.add(jobs("row", 1)));
        assertTrue(late.getMessage().contains("complete"), late.getMessage());
    }

    @Test
    void whenTheLastTwoJobsFinishAtTheSameMomentOnDifferentWorkersTheCallbackFiresOnce(RedisTestContext ctx) throws Exception {
        CapstanRedis capstan = capstan(ctx);
        Callbacks finished = new Callbacks("done");
        CyclicBarrier together = new CyclicBarrier(2);
        List<Worker> workers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            // One job per worker at a time and none fetched ahead: a worker holding the last two jobs
            // (one running, one fetched ahead) would leave its partner nothing to meet at the barrier.
            workers.add(ctx.closeAfter(fastWorker(capstan).concurrency(1).fetchBatch(1).handler(handler("pair", (a, c) -> {
                try {
                    together.await(10, TimeUnit.SECONDS); // both jobs of a batch end at the same moment
                } catch (java.util.concurrent.BrokenBarrierException | java.util.concurrent.TimeoutException e) {
                    together.reset(); // a broken barrier stays broken: mend it for the retry
                    throw e;
                }
            })).handler(finished).build().start()));
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ids.add(capstan.batches().enqueue(BatchOptions.described("pair " + i).onComplete("done", Map.of()),
                    jobs("pair", 2)).id());
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> finished.events.size() >= 30);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> finished.events.size() == 30);
        for (String id : ids) {
            assertEquals(1, finished.of(id, "complete"), "batch " + id);
        }
    }

    @Test
    void trackedMembersKeepTheirStatusAndUntrackedOnesCostNoStatus(RedisTestContext ctx) throws Exception {
        CapstanRedis capstan = capstan(ctx);
        ctx.closeAfter(fastWorker(capstan).handler(handler("row", (a, c) -> {})).build().start());
        Batch batch = capstan.batches().open(BatchOptions.described("mixed"));
        var results = batch.add(List.of(JobRequest.of("row", new Args(1)).keepResult(Duration.ofHours(1)),
                JobRequest.of("row", new Args(2))));
        batch.seal();
        assertEquals(batch.id(), results.get(0).await(Duration.ofSeconds(10)).batchId().orElseThrow());
        assertTrue(results.get(1).status().isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> batch.status().isComplete());
    }
}
