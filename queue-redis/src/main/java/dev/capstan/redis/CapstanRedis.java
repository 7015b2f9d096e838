package dev.capstan.redis;

import dev.capstan.api.JacksonJobCodec;
import dev.capstan.api.JobClient;
import dev.capstan.api.JobCodec;
import dev.capstan.api.QueueAdmin;
import dev.capstan.api.Batches;
import dev.capstan.api.Flows;
import dev.capstan.redis.lifecycle.JobLifecycle;
import dev.capstan.redis.presence.Presence;
import dev.capstan.redis.queue.EvictionPolicyCheck;
import dev.capstan.redis.queue.QueueBroker;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.redis.queue.RedisJobClient;
import dev.capstan.redis.queue.RedisQueueAdmin;
import dev.capstan.redis.queue.ServingWorkers;
import dev.capstan.redis.queue.UnservedQueueWarning;
import redis.clients.jedis.UnifiedJedis;

/**
 * The entry point for code that talks to Capstan's Redis: one connection pool, one set of queue
 * settings, and the client, admin API and broker built on them.
 *
 * <pre>{@code
 * try (CapstanRedis capstan = CapstanRedis.connect("redis://localhost:6379")) {
 *     capstan.client().enqueue("send-email", new SendEmail("a@example.com"));
 * }
 * }</pre>
 */
public final class CapstanRedis implements AutoCloseable {
    /** The presence group in which workers heartbeat. */
    public static final String WORKERS_GROUP = "workers";

    private final UnifiedJedis redis;
    private final QueueSettings settings;
    private final JobCodec codec;
    private final QueueBroker broker;
    private final JobLifecycle lifecycle;
    private final boolean ownsConnection;
    private final UnservedQueueWarning unservedQueues;

    public CapstanRedis(UnifiedJedis redis, QueueSettings settings, JobCodec codec) {
        this(redis, settings, codec, false);
    }

    private CapstanRedis(UnifiedJedis redis, QueueSettings settings, JobCodec codec, boolean ownsConnection) {
        this.redis = redis;
        this.settings = settings;
        this.codec = codec;
        this.broker = new QueueBroker(redis, settings);
        this.ownsConnection = ownsConnection;
        this.unservedQueues = new UnservedQueueWarning(new ServingWorkers(workers()));
        this.lifecycle = new JobLifecycle(redis, broker, codec, unservedQueues);
        EvictionPolicyCheck.warnIfEvicting(redis);
    }

    /** Connects to the Redis at {@code url} with default settings (namespace "capstan"). */
    public static CapstanRedis connect(String url) {
        return connect(url, QueueSettings.defaults());
    }

    public static CapstanRedis connect(String url, QueueSettings settings) {
        return new CapstanRedis(RedisConnections.connect(url), settings, new JacksonJobCodec(), true);
    }

    /**
     * A client that enqueues into these queues. Every {@code EnqueueResult} it returns is a handle on its
     * job (status, await, cancel). It logs one WARN per queue that receives jobs while no live worker
     * serves it (checked off the hot path: at most once per queue per minute, first 30 s after the first
     * enqueue, so that workers started shortly after the producer are not reported).
     */
    public JobClient client() {
        return lifecycle.client(new RedisJobClient(broker, codec, unservedQueues));
    }

    /** Status, results, waiting and cancellation of jobs, and the lifecycle admin views (see {@link JobLifecycle}). */
    public JobLifecycle jobs() {
        return lifecycle;
    }

    /** Batches of jobs with success and completion callbacks. */
    public Batches batches() {
        return lifecycle.batches();
    }

    /** Flows: parents that run after their children, and chains. */
    public Flows flows() {
        return lifecycle.flows();
    }

    /**
     * Tracks every job of {@code type} enqueued through this handle's clients from now on, keeping its
     * status and result for {@code retention} after it finishes (as {@code JobRequest.keepResult} does per job).
     */
    public CapstanRedis keepResults(String type, java.time.Duration retention) {
        lifecycle.keepResults(type, retention);
        return this;
    }

    /** The admin API; its {@code QueueInfo} says how many live workers serve each queue. */
    public QueueAdmin admin() {
        return new RedisQueueAdmin(broker, codec, queue -> false, workers());
    }

    public Presence workers() {
        return new Presence(redis, settings.namespace(), WORKERS_GROUP);
    }

    public QueueBroker broker() {
        return broker;
    }

    public QueueSettings settings() {
        return settings;
    }

    public Namespace namespace() {
        return settings.namespace();
    }

    public JobCodec codec() {
        return codec;
    }

    public UnifiedJedis redis() {
        return redis;
    }

    @Override
    public void close() {
        lifecycle.close();
        unservedQueues.close();
        if (ownsConnection) {
            redis.close();
        }
    }
}
