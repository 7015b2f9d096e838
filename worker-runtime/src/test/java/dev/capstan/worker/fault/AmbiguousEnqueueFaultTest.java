package dev.capstan.worker.fault;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.EnqueueResult;
import dev.capstan.api.JacksonJobCodec;
import dev.capstan.api.JobRequest;
import dev.capstan.api.StoreUnavailableException;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.testsupport.FaultProxy;
import dev.capstan.testsupport.RedisServerProcess;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

/**
 * Fault suite, item 5: enqueues whose outcome the producer cannot see. Through a link that stalls the
 * reply, the job is stored but the call fails: the exception must say the outcome is unknown (not
 * "nothing was stored, enqueue again"), and enqueuing the same request again (it carries its own job id)
 * must be a no-op, so the job runs once. A Redis that is still loading its data after a restart answers
 * LOADING: that is "not stored", with a clear message, not a raw Jedis exception.
 */
@Tag("fault")
class AmbiguousEnqueueFaultTest {

    @Test
    void anEnqueueWhoseReplyWasLostSaysSoAndItsRetryIsANoOp() {
        try (FaultRig rig = new FaultRig(); FaultProxy proxy = FaultProxy.to(rig.server.host(), rig.server.port());
             RedisClient viaProxy = RedisClient.builder().hostAndPort("127.0.0.1", proxy.port())
                     .clientConfig(DefaultJedisClientConfig.builder().socketTimeoutMillis(1000).build()).build()) {
            CapstanRedis producer = new CapstanRedis(viaProxy, QueueSettings.defaults(rig.ns), new JacksonJobCodec());
            rig.worker("concurrency=2", "leaseMs=none");
            JobRequest order = JobRequest.of("work", new FaultWorkerMain.Num(1)).jobId("order-1");
            // The link works; the queue is registered and the script cached, so the next call is the script alone.
            producer.client().enqueue(JobRequest.of("work", new FaultWorkerMain.Num(0)).jobId("order-0"));

            proxy.stallReplies();
            StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> producer.client().enqueue(order));
            proxy.resume();
            assertTrue(e.outcomeUnknown(), e.getMessage());
            assertTrue(e.getMessage().contains("OUTCOME IS UNKNOWN"), e.getMessage());
            assertEquals(java.util.List.of("order-1"), e.jobIds());

            EnqueueResult again = producer.client().enqueue(order); // the retry the message allows
            assertEquals(EnqueueResult.Outcome.DUPLICATE, again.outcome(), "the first enqueue was stored");
            assertEquals("order-1", again.jobId());
            await().atMost(Duration.ofSeconds(30)).until(() -> rig.count("effects", 1) == 1);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> rig.count("starts", 1) == 1);
        }
    }

    @Test
    void aServerStillLoadingItsDataRefusesWithAClearNotStoredError() throws Exception {
        // Loading 20,000 keys at 200 µs each takes about 4 s, during which the server answers LOADING.
        try (RedisServerProcess server = RedisServerProcess.start("--key-load-delay", "200",
                "--loading-process-events-interval-bytes", "1024");
             RedisClient redis = RedisClient.builder().hostAndPort(server.host(), server.port()).build()) {
            redis.eval("for i = 1, 20000 do redis.call('SET', 'filler:' .. i, i) end");
            redis.sendCommand(Protocol.Command.SAVE);
            assertTrue(Files.size(server.workDir().resolve("dump.rdb")) > 100_000);
            server.restart();
            CapstanRedis capstan = new CapstanRedis(redis, QueueSettings.defaults(new dev.capstan.redis.Namespace("loading")),
                    new JacksonJobCodec());
            StoreUnavailableException e = await().atMost(Duration.ofSeconds(10)).ignoreExceptionsMatching(
                    t -> !(t instanceof StoreUnavailableException)).until(() -> {
                        try {
                            capstan.client().enqueue(JobRequest.of("work", new FaultWorkerMain.Num(1)));
                            return null;
                        } catch (StoreUnavailableException refused) {
                            return refused.getMessage().contains("LOADING") ? refused : null;
                        }
                    }, r -> r != null);
            assertEquals(StoreUnavailableException.Outcome.NOT_STORED, e.outcome(), e.getMessage());
            assertTrue(e.getMessage().contains("NOT stored, so enqueue them again"), e.getMessage());
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> capstan.client().enqueue(JobRequest.of("work", new FaultWorkerMain.Num(2))).accepted());
        }
    }
}
