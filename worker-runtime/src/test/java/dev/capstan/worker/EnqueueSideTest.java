package dev.capstan.worker;

import static dev.capstan.worker.WorkerTest.capstan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.EnqueueResult;
import dev.capstan.api.JobClient;
import dev.capstan.api.JobRequest;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.bloom.BloomFilter;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import dev.capstan.worker.TestHandlers.Args;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class EnqueueSideTest {

    @Test
    void clientMiddlewareWrapsEveryEnqueueInOrder(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        List<String> seen = new ArrayList<>();
        JobClient client = new MiddlewareJobClient(capstan.client(), List.of(
                (requests, next) -> {
                    seen.add("tenancy");
                    requests.forEach(r -> r.metadata("tenant", "acme"));
                    return next.proceed(requests);
                },
                (requests, next) -> {
                    seen.add("logging " + requests.size());
                    return next.proceed(requests);
                }));
        String id = client.enqueue("t", new Args(1)).jobId();
        assertEquals(List.of("tenancy", "logging 1"), seen);
        assertEquals("acme", capstan.admin().find(id).orElseThrow().job().metadata().get("tenant"));
    }

    @Test
    void bloomDedupNeverLetsADuplicateThroughAndDropsFewUniqueJobs(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        BloomFilter filter = new BloomFilter(capstan.redis(), capstan.namespace(), "message-ids", 2_000, 0.01);
        JobClient client = new MiddlewareJobClient(capstan.client(),
                List.of(new BloomDedup(filter, r -> r.metadata().get("messageId"))));
        List<JobRequest> unique = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            unique.add(JobRequest.of("t", new Args(i)).metadata("messageId", "m" + i));
        }
        long accepted = client.enqueueAll(unique).stream().filter(EnqueueResult::accepted).count();
        assertTrue(accepted >= 2_000 * 0.97, "false positives drop about 1 % of unique jobs, accepted " + accepted);

        List<JobRequest> replays = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            replays.add(JobRequest.of("t", new Args(i)).metadata("messageId", "m" + i));
        }
        List<EnqueueResult> again = client.enqueueAll(replays);
        assertTrue(again.stream().allMatch(r -> r.outcome() == EnqueueResult.Outcome.DUPLICATE), "no duplicate gets through");
        assertNull(again.get(0).jobId());
        assertEquals(accepted, capstan.admin().queue("default").size());
        EnqueueResult unkeyed = client.enqueue("t", new Args(-1));
        assertEquals(EnqueueResult.Outcome.ENQUEUED, unkeyed.outcome(), "requests without a key are not deduplicated");
    }
}
