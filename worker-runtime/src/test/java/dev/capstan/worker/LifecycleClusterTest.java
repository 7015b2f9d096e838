package dev.capstan.worker;

import static dev.capstan.worker.TestHandlers.handler;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.Batch;
import dev.capstan.api.BatchEvent;
import dev.capstan.api.BatchOptions;
import dev.capstan.api.CancelResult;
import dev.capstan.api.EnqueueResult;
import dev.capstan.api.Flow;
import dev.capstan.api.FlowResult;
import dev.capstan.api.JacksonJobCodec;
import dev.capstan.api.JobRequest;
import dev.capstan.api.JobStatus.State;
import dev.capstan.api.ResultHandler;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.RedisConnections;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.testsupport.RedisClusterProcess;
import dev.capstan.worker.BatchTest.Callbacks;
import dev.capstan.worker.TestHandlers.Args;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Job lifecycles on a real three-primary Redis Cluster: a flow whose parent and children live on
 * queues of different nodes, a batch whose members and callback do too, and status, await and
 * cancel across them. Any script whose keys spanned slots would fail here with CROSSSLOT.
 */
class LifecycleClusterTest {
    private static final List<String> QUEUES = List.of("alpha", "beta", "gamma", "delta", "epsilon");
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
    void statusAwaitCancelBatchesAndFlowsAcrossNodes() throws Exception {
        CapstanRedis capstan = new CapstanRedis(redis, QueueSettings.defaults(new Namespace("lc")), new JacksonJobCodec());
        assertTrue(QUEUES.stream().map(q -> JedisClusterCRC16.getSlot("{" + q + "}") * 3 / 16384).distinct().count() >= 2,
                "the queues live on more than one node");
        Callbacks done = new Callbacks("batch-done");
        CountDownLatch release = new CountDownLatch(1);
        Worker worker = Worker.builder(capstan).queues(QUEUES.toArray(String[]::new)).concurrency(8)
                .heartbeat(Duration.ofMillis(250), Duration.ofSeconds(2)).leaderLease(Duration.ofSeconds(2))
                .shutdownTimeout(Duration.ofSeconds(2))
                .handler(ResultHandler.of("times10", Args.class, (a, c) -> a.n() * 10))
                .handler(ResultHandler.of("sum", Args.class, (a, c) ->
                        c.childResults(Integer.class).values().stream().mapToInt(Integer::intValue).sum()))
                .handler(handler("block", (a, c) -> release.await()))
                .handler(done)
                .build().start();
        try {
            // Status and await.
            EnqueueResult tracked = capstan.client().enqueue(JobRequest.of("times10", new Args(4)).queue("gamma")
                    .keepResult(Duration.ofMinutes(5)));
            assertEquals(40, tracked.await(Duration.ofSeconds(10)).result(Integer.class));

            // A flow over every queue: the parent on one node, children on the others.
            Flow flow = Flow.of(JobRequest.of("sum", new Args(0)).queue("alpha"));
            for (int i = 1; i <= 4; i++) {
                flow.child(JobRequest.of("times10", new Args(i)).queue(QUEUES.get(i)));
            }
            FlowResult result = capstan.flows().enqueue(flow);
            assertEquals(100, result.job().await(Duration.ofSeconds(15)).result(Integer.class));

            // A batch with members on every queue and its callback on yet another.
            List<JobRequest> members = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                members.add(JobRequest.of("times10", new Args(i)).queue(QUEUES.get(i % QUEUES.size())));
            }
            Batch batch = capstan.batches().enqueue(BatchOptions.described("spread").callbackQueue("delta")
                    .onComplete("batch-done", Map.of()), members);
            await().atMost(Duration.ofSeconds(15)).until(() -> done.events.size() == 1);
            assertEquals(new BatchEvent(batch.id(), "complete", "spread", 50, 50, 0, 0, Map.of()), done.events.peek());

            // Cancel: a waiting job (no worker on its queue) and a running one.
            EnqueueResult waiting = capstan.client().enqueue(JobRequest.of("times10", new Args(1)).queue("zeta")
                    .keepResult(Duration.ofMinutes(5)));
            assertEquals(CancelResult.CANCELLED, waiting.cancel());
            EnqueueResult running = capstan.client().enqueue(JobRequest.of("block", new Args(1)).queue("beta")
                    .keepResult(Duration.ofMinutes(5)));
            await().atMost(Duration.ofSeconds(5)).until(() -> running.status().orElseThrow().state() == State.RUNNING);
            assertEquals(CancelResult.CANCEL_REQUESTED, running.cancel());
            assertEquals(State.CANCELLED, running.await(Duration.ofSeconds(10)).state());
        } finally {
            release.countDown();
            worker.close();
        }
    }
}
