package dev.capstan.redis.queue;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.capstan.api.JacksonJobCodec;
import dev.capstan.api.JobRequest;
import dev.capstan.api.QueueInfo;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.presence.Presence;
import dev.capstan.testsupport.LogCapture;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 9, item 6: a job on a queue that no live worker serves waited silently. The admin API now
 * says how many live workers serve each queue (from the workers' presence), and the producer warns
 * once per such queue, without a round trip per enqueue.
 */
@ExtendWith(RedisExtension.class)
class UnservedQueueTest {

    /** A worker as the worker runtime announces itself: presence with its queues and state. */
    private static void worker(Presence presence, String id, String queues, String state) {
        presence.heartbeat(id, Duration.ofSeconds(30), Map.of("queues", queues, "state", state));
    }

    @Test
    void queueInfoCountsTheLiveWorkersThatServeEachQueue(RedisTestContext ctx) {
        CapstanRedis capstan = new CapstanRedis(ctx.newClient(), QueueSettings.defaults(new Namespace(ctx.namespace())),
                new JacksonJobCodec());
        for (String queue : List.of("default", "mail", "reports")) {
            capstan.client().enqueue(JobRequest.of("t", Map.of("n", 1)).queue(queue));
        }
        worker(capstan.workers(), "w1", "mail,default", "RUNNING");
        worker(capstan.workers(), "w2", "mail", "RUNNING");
        worker(capstan.workers(), "w3", "reports", "QUIET"); // quiet: fetches nothing

        assertEquals(1, capstan.admin().queue("default").servingWorkers());
        assertEquals(2, capstan.admin().queue("mail").servingWorkers());
        QueueInfo reports = capstan.admin().queue("reports");
        assertEquals(0, reports.servingWorkers());
        assertTrue(!reports.served(), "nobody fetches from reports");
        assertEquals(List.of(1, 2, 0), capstan.admin().queues().stream().map(QueueInfo::servingWorkers).toList());

        capstan.workers().leave("w1");
        assertEquals(0, capstan.admin().queue("default").servingWorkers(), "a worker that left serves nothing");
    }

    @Test
    void theProducerWarnsOncePerUnservedQueueAfterAGracePeriodWithoutAskingRedisPerJob(RedisTestContext ctx) {
        CapstanRedis capstan = new CapstanRedis(ctx.newClient(), QueueSettings.defaults(new Namespace(ctx.namespace())),
                new JacksonJobCodec());
        worker(capstan.workers(), "w1", "mail", "RUNNING");
        AtomicInteger checks = new AtomicInteger();
        ServingWorkers serving = new ServingWorkers(capstan.workers());
        try (LogCapture logs = LogCapture.start();
                UnservedQueueWarning warning = new UnservedQueueWarning(q -> {
                    checks.incrementAndGet();
                    return serving.count(q);
                }, Duration.ofMillis(300), Duration.ofMillis(500))) {
            RedisJobClient client = new RedisJobClient(capstan.broker(), capstan.codec(), warning);
            long until = System.currentTimeMillis() + 2_000;
            int enqueued = 0;
            while (System.currentTimeMillis() < until) { // a busy producer for two seconds
                client.enqueue(JobRequest.of("t", Map.of("n", 1)).queue("default"));
                client.enqueue(JobRequest.of("t", Map.of("n", 1)).queue("mail"));
                enqueued += 2;
            }
            List<String> warnings = logs.atLeast(Level.WARN);
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("queue 'default' receives jobs but no live worker serves it"), warnings.get(0));
            assertTrue(checks.get() <= 2 * 5, checks.get() + " checks for " + enqueued + " jobs: at most one per queue per recheck");

            worker(capstan.workers(), "w2", "default", "RUNNING");
            capstan.workers().leave("w2");
            await().pollDelay(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> true);
            client.enqueue(JobRequest.of("t", Map.of("n", 1)).queue("default"));
            await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2))
                    .until(() -> logs.atLeast(Level.WARN).size() == 1); // still unserved: no second warning
        }
    }

    @Test
    void aProducerStartedJustBeforeItsWorkersSaysNothing(RedisTestContext ctx) {
        CapstanRedis capstan = new CapstanRedis(ctx.newClient(), QueueSettings.defaults(new Namespace(ctx.namespace())),
                new JacksonJobCodec());
        ServingWorkers serving = new ServingWorkers(capstan.workers());
        try (LogCapture logs = LogCapture.start();
                UnservedQueueWarning warning = new UnservedQueueWarning(serving::count, Duration.ofMillis(800),
                        Duration.ofMillis(500))) {
            RedisJobClient client = new RedisJobClient(capstan.broker(), capstan.codec(), warning);
            client.enqueue(JobRequest.of("t", Map.of("n", 1)).queue("default"));
            worker(capstan.workers(), "w1", "default", "RUNNING"); // the workers come up within the grace period
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> {
                client.enqueue(JobRequest.of("t", Map.of("n", 1)).queue("default"));
                return logs.atLeast(Level.WARN).isEmpty();
            });
        }
    }
}
