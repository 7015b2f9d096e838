package dev.capstan.worker;

import static dev.capstan.worker.TestHandlers.handler;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.JacksonJobCodec;
import dev.capstan.api.Job;
import dev.capstan.api.JobCodec;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.RedisConnections;
import dev.capstan.redis.lua.LuaScript;
import dev.capstan.redis.queue.QueueBroker;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.testsupport.RedisServerProcess;
import dev.capstan.worker.TestHandlers.Args;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * A started worker has readied its job path before its first job (see {@link WorkerWarmup}): the
 * scripts that acknowledge and settle jobs are in the server's script cache, and the codec has built
 * the reader of every handler's argument type. On a redis-server of its own, so that no other test
 * has loaded the scripts already.
 */
class WorkerWarmupTest {

    @Test
    void aStartedWorkerHasLoadedItsScriptsAndPreparedItsArgumentReadersBeforeAnyJob() {
        try (RedisServerProcess server = RedisServerProcess.start();
             Jedis redis = new Jedis(server.host(), server.port())) {
            RecordingCodec codec = new RecordingCodec();
            LuaScript ack = LuaScript.load(QueueBroker.class, "ack");
            LuaScript settle = LuaScript.load(QueueBroker.class, "ack_completed");
            assertFalse(redis.scriptExists(ack.sha()), "a fresh server has no scripts");
            CapstanRedis capstan = new CapstanRedis(RedisConnections.connect(server.url()),
                    QueueSettings.defaults(new Namespace("warm")), codec);
            try (Worker worker = WorkerTest.fastWorker(capstan).queues("one", "two")
                    .handler(handler("job", (a, c) -> { }))
                    .build().start()) {
                // No job was enqueued: an ack script can only be there because the start loaded it.
                assertTrue(redis.scriptExists(ack.sha()), "ack.lua loaded at start");
                assertTrue(redis.scriptExists(settle.sha()), "ack_completed.lua loaded at start");
                assertTrue(codec.prepared.contains(Args.class), "prepared: " + codec.prepared);
            } finally {
                capstan.close();
            }
        }
    }

    /** The default codec, recording which argument types it was asked to prepare. */
    private static final class RecordingCodec implements JobCodec {
        final Set<Class<?>> prepared = ConcurrentHashMap.newKeySet();
        private final JacksonJobCodec delegate = new JacksonJobCodec();

        @Override
        public String encode(Job job) {
            return delegate.encode(job);
        }

        @Override
        public Job decode(String stored) {
            return delegate.decode(stored);
        }

        @Override
        public String encodeArgs(Object args) {
            return delegate.encodeArgs(args);
        }

        @Override
        public <A> A decodeArgs(String json, Class<A> type) {
            return delegate.decodeArgs(json, type);
        }

        @Override
        public void prepareArgs(Class<?> type) {
            prepared.add(type);
            delegate.prepareArgs(type);
        }
    }
}
