package dev.capstan.redis.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.JobRequest;
import dev.capstan.api.RetryPolicy;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.RedisConnections;
import dev.capstan.testsupport.RedisBinary;
import dev.capstan.testsupport.RedisServerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * Redis 6.2 is the oldest version we support: the queue's scripts run on the 6.2 binary shipped
 * in the embedded-redis artifact, whatever redis-server the rest of the suite uses.
 */
class Redis62CompatibilityTest {

    @Test
    void theWholeJobLifecycleRunsOnRedis62() {
        try (RedisServerProcess server = RedisServerProcess.start(RedisBinary.embedded());
             UnifiedJedis redis = RedisConnections.connect(server.url())) {
            assertTrue(redis.info("server").contains("redis_version:6.2"), "this test must run on 6.2");
            QueueFixture q = new QueueFixture(redis, QueueSettings.defaults(new Namespace("compat")));
            q.client.enqueueAll(List.of(JobRequest.of("a", Map.of()), JobRequest.of("b", Map.of()).maxAttempts(1),
                    JobRequest.of("c", Map.of()).runIn(Duration.ofMillis(300))));
            ReliableFetcher fetcher = q.fetcher("default", "w1");
            List<FetchedJob> got = fetcher.fetch(10, Duration.ZERO);
            assertEquals(2, got.size());
            q.settler.ack(List.of(got.get(0)));
            q.settler.fail(got.get(1), new RuntimeException("x"), RetryPolicy.fixed(Duration.ZERO));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> q.broker.promoteDue("default", 10).moved() == 1);
            FetchedJob c = fetcher.fetch(1, Duration.ofSeconds(1)).get(0);
            assertEquals("c", c.job().type());
            q.workers.heartbeat("other", Duration.ofSeconds(10));
            assertTrue(q.workers.isOnline("other"));
            assertEquals(1, new ProcessingListReaper(q.broker, q.codec, q.workers::isOnline).reapOnce());
            assertEquals(1, q.admin.queue("default").size());
            assertEquals(1, q.admin.retryAllDead("default"));
            assertEquals(2, q.admin.purge("default"));
        }
    }
}
