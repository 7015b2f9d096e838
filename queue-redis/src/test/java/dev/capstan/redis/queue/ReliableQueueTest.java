package dev.capstan.redis.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.EnqueueResult;
import dev.capstan.api.JobRequest;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class ReliableQueueTest {
    record Email(String to, int n) {}

    @Test
    void enqueueFetchAckLeavesNothingBehind(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        EnqueueResult result = q.client.enqueue(JobRequest.of("send-email", new Email("a@b.c", 1)).queue("mail"));
        assertEquals(EnqueueResult.Outcome.ENQUEUED, result.outcome());

        List<FetchedJob> fetched = q.fetcher("mail", "w1").fetch(10, Duration.ZERO);
        assertEquals(1, fetched.size());
        FetchedJob job = fetched.get(0);
        assertEquals(result.jobId(), job.job().id());
        assertEquals("send-email", job.job().type());
        assertEquals(new Email("a@b.c", 1), q.codec.decodeArgs(job.job().args(), Email.class));
        assertEquals(1, q.redis.llen(q.keys("mail").processing("w1")), "fetched job waits in the processing list");

        assertEquals(1, q.settler.ack(fetched));
        assertEquals(0, q.redis.llen(q.keys("mail").processing("w1")));
        assertEquals(0, q.redis.llen(q.keys("mail").pending()));
        // Only the queue registry and the worker set remain: no per-job key is left after success.
        assertEquals(Set.of(q.keys("mail").workers(), QueueKeys.registry(q.settings.namespace())), ctx.keys());
    }

    @Test
    void manyJobsInOneCallAreFetchedInBatchesOldestFirst(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        List<JobRequest> requests = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            requests.add(JobRequest.of("n", Map.of("i", i)));
        }
        List<EnqueueResult> results = q.client.enqueueAll(requests);
        assertEquals(2500, results.size());
        assertEquals(2500, q.redis.llen(q.keys("default").pending()));

        ReliableFetcher fetcher = q.fetcher("default", "w1");
        List<String> order = new ArrayList<>();
        List<FetchedJob> batch;
        while (!(batch = fetcher.fetch(100, Duration.ZERO)).isEmpty()) {
            assertTrue(batch.size() <= 100);
            batch.forEach(j -> order.add(j.job().id()));
            assertEquals(batch.size(), q.settler.ack(batch));
        }
        assertEquals(results.stream().map(EnqueueResult::jobId).toList(), order, "first in, first out");
    }

    @Test
    void idleFetcherWakesWhenAJobArrives(RedisTestContext ctx) throws Exception {
        QueueFixture q = new QueueFixture(ctx);
        ReliableFetcher fetcher = q.fetcher("default", "w1");
        CompletableFuture<List<FetchedJob>> waiting =
                CompletableFuture.supplyAsync(() -> fetcher.fetch(10, Duration.ofSeconds(8)));
        // Let the fetcher block first, so the job arrives while it waits.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> clientList(ctx).contains("cmd=blmove"));
        long enqueuedAt = System.nanoTime();
        String id = q.client.enqueue("ping", Map.of()).jobId();
        List<FetchedJob> got = waiting.get(5, TimeUnit.SECONDS);
        long wokeAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - enqueuedAt);
        assertEquals(id, got.get(0).job().id());
        assertTrue(wokeAfterMs < 4000, "woke by the enqueue, not by the 8 s wait running out: " + wokeAfterMs + " ms");
        assertEquals(1, q.redis.llen(q.keys("default").processing("w1")));
    }

    @Test
    void emptyQueueFetchReturnsNothingAfterTheWait(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        assertTrue(q.fetcher("default", "w1").fetch(5, Duration.ofMillis(100)).isEmpty());
        assertNull(q.redis.lindex(q.keys("default").processing("w1"), 0));
    }

    @Test
    void requeuePutsUnfinishedJobsAtTheFrontOfTheQueue(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        String first = q.client.enqueue("a", Map.of()).jobId();
        String second = q.client.enqueue("b", Map.of()).jobId();
        List<FetchedJob> fetched = q.fetcher("default", "w1").fetch(1, Duration.ZERO);
        assertEquals(first, fetched.get(0).job().id());
        assertEquals(1, q.settler.requeue(fetched));
        List<FetchedJob> again = q.fetcher("default", "w2").fetch(2, Duration.ZERO);
        assertEquals(List.of(first, second), again.stream().map(j -> j.job().id()).toList());
    }

    private static String clientList(RedisTestContext ctx) {
        try (redis.clients.jedis.Jedis jedis = new redis.clients.jedis.Jedis(ctx.endpoint().host(), ctx.endpoint().port())) {
            return jedis.clientList();
        }
    }
}
