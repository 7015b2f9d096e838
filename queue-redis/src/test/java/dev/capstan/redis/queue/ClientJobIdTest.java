package dev.capstan.redis.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.EnqueueResult;
import dev.capstan.api.JobRequest;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A request with its own job id: enqueuing it again (after an outcome-unknown failure) is a no-op. */
@ExtendWith(RedisExtension.class)
class ClientJobIdTest {

    @Test
    void aRepeatedEnqueueWithTheSameIdIsANoOp(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        JobRequest request = JobRequest.of("x", Map.of("n", 1)).jobId("order-42");
        EnqueueResult first = q.client.enqueue(request);
        assertEquals(new EnqueueResult("order-42", EnqueueResult.Outcome.ENQUEUED), first);
        EnqueueResult again = q.client.enqueue(request);
        assertEquals(new EnqueueResult("order-42", EnqueueResult.Outcome.DUPLICATE), again);
        assertEquals(1, q.redis.llen(q.keys("default").pending()));
        assertEquals("order-42", q.admin.waiting("default", 0, 1).items().get(0).job().id());
        long ttl = q.redis.pttl(q.keys("default").jobIdRecord("order-42"));
        assertTrue(ttl > JobRequest.JOB_ID_RETENTION.toMillis() - 60_000, "remembered for 24 h: " + ttl);
    }

    @Test
    void theIdIsRememberedAfterTheJobRanAndForScheduledJobsToo(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        JobRequest later = JobRequest.of("x", Map.of()).jobId("later-1").runIn(Duration.ofHours(1));
        assertEquals(EnqueueResult.Outcome.SCHEDULED, q.client.enqueue(later).outcome());
        assertEquals(EnqueueResult.Outcome.DUPLICATE, q.client.enqueue(later).outcome());
        JobRequest now = JobRequest.of("x", Map.of()).jobId("now-1");
        q.client.enqueue(now);
        FetchedJob job = q.fetcher("default", "w1").fetch(1, Duration.ZERO).get(0);
        q.settler.ack(java.util.List.of(job));
        assertEquals(EnqueueResult.Outcome.DUPLICATE, q.client.enqueue(now).outcome(), "it ran; the repeat is still a no-op");
    }

    @Test
    void invalidIdsAreRefusedAtTheDoor() {
        assertThrows(IllegalArgumentException.class, () -> JobRequest.of("x", Map.of()).jobId("has space"));
        assertThrows(IllegalArgumentException.class, () -> JobRequest.of("x", Map.of()).jobId("{tag}"));
        assertThrows(IllegalArgumentException.class, () -> JobRequest.of("x", Map.of()).jobId(""));
        assertThrows(IllegalArgumentException.class, () -> JobRequest.of("x", Map.of()).jobId("x".repeat(101)));
    }
}
