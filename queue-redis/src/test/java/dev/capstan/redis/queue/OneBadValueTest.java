package dev.capstan.redis.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.JobRequest;
import dev.capstan.api.QueueInfo;
import dev.capstan.api.StoreFullException;
import dev.capstan.redis.Namespace;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisServerProcess;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisDataException;

/** One broken value in Redis harms only its own queue; a full Redis gives Capstan's own error (issue 11). */
@ExtendWith(RedisExtension.class)
class OneBadValueTest {

    @Test
    void aWrongTypeKeyAndAStrayRegistryMemberAreListedAsBrokenBesideTheHealthyQueues(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        String healthyId = q.client.enqueue(JobRequest.of("t", Map.of()).queue("healthy")).jobId();
        q.redis.set(q.keys("zz").pending(), "x");
        q.redis.sadd(QueueKeys.registry(q.settings.namespace()), "zz", "bad name<x>");

        List<QueueInfo> queues = q.admin.queues();
        assertEquals(List.of("bad name<x>", "healthy", "zz"), queues.stream().map(QueueInfo::name).toList());
        QueueInfo stray = queues.get(0);
        assertTrue(stray.error().contains("not a valid queue name") && stray.error().contains(":queues"), stray.error());
        QueueInfo healthy = queues.get(1);
        assertNull(healthy.error());
        assertEquals(1, healthy.size());
        QueueInfo wrongType = queues.get(2);
        assertTrue(wrongType.error().startsWith("WRONGTYPE key " + q.keys("zz").pending() + " holds a string"), wrongType.error());
        assertEquals(wrongType, q.admin.queue("zz"));
        assertThrows(IllegalArgumentException.class, () -> q.admin.queue("bad name<x>"));

        // A search goes past both (the job is found; a missing one is simply absent).
        assertEquals(healthyId, q.admin.find(healthyId).orElseThrow().job().id());
        assertTrue(q.admin.find("no-such-job").isEmpty());
    }

    @Test
    void theReaperStillReturnsJobsOfDeadWorkersWhenOneQueueIsBroken(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        q.client.enqueue(JobRequest.of("t", Map.of()).queue("healthy"));
        assertEquals(1, q.fetcher("healthy", "dead-worker").fetch(1, Duration.ZERO).size());
        q.redis.sadd(QueueKeys.registry(q.settings.namespace()), "zz", "bad name<x>");
        q.redis.set(q.keys("zz").workers(), "not a set");

        assertEquals(1, new ProcessingListReaper(q.broker, q.codec, worker -> false).reapOnce());
        assertEquals(1, q.admin.queue("healthy").size());
    }

    @Test
    void enqueueIntoARedisAtMaxmemoryThrowsStoreFullException(RedisTestContext ctx) {
        try (RedisServerProcess server = RedisServerProcess.start("--maxmemory-policy", "noeviction");
             RedisClient redis = RedisClient.builder().hostAndPort(server.host(), server.port()).build()) {
            QueueFixture q = new QueueFixture(redis, QueueSettings.defaults(new Namespace(ctx.namespace())));
            String filler = "f".repeat(1024);
            for (int i = 0; i < 2_000; i++) {
                redis.set("fill:" + i, filler);
            }
            // A limit well below what is used: Redis is full whatever client buffers come and go.
            long used = Long.parseLong(redis.info("memory").lines().filter(l -> l.startsWith("used_memory:"))
                    .findFirst().orElseThrow().substring("used_memory:".length()).trim());
            redis.configSet("maxmemory", Long.toString(used - 1024 * 1024));
            JedisDataException full = assertThrows(JedisDataException.class, () -> redis.set("one-more", "x"));
            assertTrue(full.getMessage().startsWith("OOM"), full.getMessage());

            StoreFullException e = assertThrows(StoreFullException.class,
                    () -> q.client.enqueue(JobRequest.of("t", Map.of("n", 1)).queue("mail")));
            assertTrue(e.getMessage().contains("out of memory") && e.getMessage().contains("maxmemory")
                    && e.getMessage().contains("'mail'"), e.getMessage());
            assertThrows(StoreFullException.class, () -> q.client.enqueue(JobRequest.of("t", Map.of()).queue("mail")
                    .idempotencyKey("k")));
            assertEquals(0, redis.llen(q.keys("mail").pending()), "nothing was written");

            redis.configSet("maxmemory", "0");
            q.client.enqueue(JobRequest.of("t", Map.of("n", 2)).queue("mail"));
            assertEquals(1, redis.llen(q.keys("mail").pending()), "with memory freed, enqueue works again");
        }
    }
}
