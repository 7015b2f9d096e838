package dev.capstan.worker;

import static dev.capstan.worker.TestHandlers.handler;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.EnqueueResult;
import dev.capstan.api.JacksonJobCodec;
import dev.capstan.api.JobRequest;
import dev.capstan.api.RetryPolicy;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.RedisConnections;
import dev.capstan.redis.bloom.BloomFilter;
import dev.capstan.redis.counter.UniqueCounter;
import dev.capstan.redis.lock.RedisLocks;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.redis.ratelimit.RateLimiters;
import dev.capstan.testsupport.RedisClusterProcess;
import dev.capstan.worker.TestHandlers.Args;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Redis Cluster as a first-class target: three real primaries, queues spread over their slots, and
 * the worker, scheduler and primitives running through a cluster client (a script whose keys were
 * not all in one slot would fail here with CROSSSLOT).
 */
class RedisClusterTest {
    private static RedisClusterProcess cluster;
    private static UnifiedJedis redis;

    @BeforeAll
    static void startCluster() {
        cluster = RedisClusterProcess.start(3);
        redis = RedisConnections.connectCluster(cluster.nodes());
    }

    @AfterAll
    static void stopCluster() {
        if (redis != null) {
            redis.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void jobsFlowThroughQueuesOnDifferentNodes() {
        CapstanRedis capstan = new CapstanRedis(redis, QueueSettings.defaults(new Namespace("cl")), new JacksonJobCodec());
        List<String> queues = List.of("alpha", "beta", "gamma", "delta", "epsilon");
        long distinctSlots = queues.stream().map(q -> JedisClusterCRC16.getSlot("{" + q + "}") * 3 / 16384).distinct().count();
        assertTrue(distinctSlots >= 2, "the queues live on more than one node");

        Set<Integer> done = ConcurrentHashMap.newKeySet();
        Worker worker = Worker.builder(capstan).queues(queues.toArray(String[]::new)).concurrency(8)
                .heartbeat(Duration.ofMillis(250), Duration.ofSeconds(2)).leaderLease(Duration.ofSeconds(2))
                .shutdownTimeout(Duration.ofSeconds(2))
                .handler(handler("work", (a, c) -> {
                    if (a.n() % 10 == 0 && c.attempt() == 1) {
                        throw new IllegalStateException("first attempt fails");
                    }
                    c.progress(50, "halfway");
                    done.add(a.n());
                }), JobTypeOptions.defaults().withRetryPolicy(RetryPolicy.fixed(Duration.ofMillis(100))))
                .build().start();
        try {
            for (int i = 0; i < 200; i++) {
                JobRequest request = JobRequest.of("work", new Args(i)).queue(queues.get(i % queues.size()));
                if (i % 7 == 0) {
                    request.runIn(Duration.ofMillis(300));
                }
                if (i % 11 == 0) {
                    request.idempotencyKey("k" + i);
                }
                capstan.client().enqueue(request);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> done.size() == 200);
            await().atMost(Duration.ofSeconds(10)).until(() -> worker.isLeader());
            EnqueueResult again = capstan.client().enqueue(JobRequest.of("work", new Args(11)).queue(queues.get(1)).idempotencyKey("k11"));
            assertEquals(EnqueueResult.Outcome.ALREADY_COMPLETED, again.outcome());
            await().atMost(Duration.ofSeconds(10)).until(() -> capstan.admin().queues().stream()
                    .allMatch(q -> q.size() == 0 && q.inFlight() == 0 && q.scheduled() == 0));
            assertEquals(5, capstan.admin().queues().size());
        } finally {
            worker.close();
        }
    }

    @Test
    void primitivesWorkThroughAClusterClient() throws Exception {
        Namespace ns = new Namespace("clp");
        assertTrue(RateLimiters.on(redis, ns).gcra("api", 5, Duration.ofSeconds(1), 5).tryAcquire("tenant-1").allowed());
        try (RedisLocks locks = new RedisLocks(redis, ns)) {
            var lease = locks.lock("report").acquire(Duration.ofSeconds(5), Duration.ofSeconds(1)).orElseThrow();
            assertTrue(lease.fencingToken() > 0);
            assertTrue(locks.lock("report").release(lease));
        }
        BloomFilter bloom = new BloomFilter(redis, ns, "seen", 1_000, 0.01);
        bloom.add("a", "b");
        assertTrue(bloom.mightContain("a"));
        UniqueCounter uniques = new UniqueCounter(redis, ns);
        uniques.add("visitors", "u1", "u2", "u2");
        assertEquals(2, uniques.countRange("visitors", Instant.now().minusSeconds(3600), Instant.now().plusSeconds(60)));
    }
}
