package dev.capstan.redis.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.JobRequest;
import dev.capstan.api.JobView;
import dev.capstan.redis.Namespace;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class BadInputTest {

    @Test
    void corruptElementsAreDeadLetteredWithAReasonWhileGoodJobsKeepFlowing(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        String pending = q.keys("default").pending();
        String good1 = q.client.enqueue("ok", Map.of("n", 1)).jobId();
        q.redis.lpush(pending, "{not json at all");
        q.redis.lpush(pending, "{\"id\":\"x1\",\"queue\":\"default\",\"args\":{}}"); // no type
        q.redis.lpush(pending, "[1,2,3]");
        String good2 = q.client.enqueue("ok", Map.of("n", 2)).jobId();

        ReliableFetcher fetcher = q.fetcher("default", "w1");
        List<String> fetchedIds = new ArrayList<>();
        List<FetchedJob> batch;
        while (!(batch = fetcher.fetch(2, Duration.ZERO)).isEmpty() || q.redis.llen(pending) > 0) {
            batch.forEach(j -> fetchedIds.add(j.job().id()));
            q.settler.ack(batch);
        }
        assertEquals(List.of(good1, good2), fetchedIds);
        assertEquals(0, q.redis.llen(q.keys("default").processing("w1")));

        List<JobView> dead = q.admin.dead("default", 0, 10).items();
        assertEquals(3, dead.size());
        List<String> reasons = dead.stream().map(v -> v.job().lastError().message()).toList();
        assertTrue(reasons.stream().anyMatch(r -> r.contains("not valid JSON") && r.contains("{not json at all")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.contains("no 'type' field")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.contains("not a JSON object")), reasons.toString());
        // The original text is kept, so nothing is lost and it can be repaired by hand.
        assertTrue(dead.stream().anyMatch(v -> v.job().args().contains("{not json at all")));
    }

    @Test
    void invalidQueueNameIsRejectedBeforeAnythingIsWritten(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        for (String bad : List.of("", "has space", "{tag}", "a:b", "x".repeat(65))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> q.client.enqueue(JobRequest.of("t", Map.of()).queue(bad)));
            assertTrue(e.getMessage().contains("invalid queue name"), e.getMessage());
        }
        assertEquals(0, ctx.keys().size());
    }

    @Test
    void oversizedPayloadIsRejectedNamingTheLimit(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        String big = "x".repeat(600 * 1024);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> q.client.enqueueAll(List.of(JobRequest.of("ok", Map.of()), JobRequest.of("big", Map.of("blob", big)))));
        assertTrue(e.getMessage().contains("over the limit of 524288 bytes"), e.getMessage());
        assertEquals(0, ctx.keys().size(), "a batch with one bad job writes nothing");
    }

    @Test
    void payloadLimitIsConfigurable(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx, QueueSettings.defaults(new Namespace(ctx.namespace())).withMaxPayloadBytes(1000));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> q.client.enqueue("big", Map.of("blob", "y".repeat(2000))));
        assertTrue(e.getMessage().contains("limit of 1000 bytes"), e.getMessage());
        q.client.enqueue("small", Map.of("blob", "y".repeat(100)));
        assertEquals(1, q.redis.llen(q.keys("default").pending()));
    }
}
