package dev.capstan.redis.lifecycle;

import dev.capstan.api.BatchStatus;
import dev.capstan.api.Batches;
import dev.capstan.api.CancelResult;
import dev.capstan.api.CancelledJob;
import dev.capstan.api.JobClient;
import dev.capstan.api.JobCodec;
import dev.capstan.api.JobDecodeException;
import dev.capstan.api.JobRequest;
import dev.capstan.api.JobStatus;
import dev.capstan.api.LifecycleAdmin;
import dev.capstan.api.Page;
import dev.capstan.redis.pubsub.Subscription;
import dev.capstan.redis.queue.JobFinder;
import dev.capstan.redis.queue.QueueBroker;
import dev.capstan.redis.queue.UnservedQueueWarning;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.Tuple;

/**
 * Job lifecycles on Redis, in one place: status and results of tracked jobs, waiting for them,
 * cancellation, batches and flows, and the parts a worker plugs in (the settle hook, cancel requests,
 * the sweeper). Producers reach it through {@code CapstanRedis}; the dashboard through
 * {@link LifecycleAdmin}. Thread-safe.
 */
public final class JobLifecycle implements LifecycleAdmin, AutoCloseable {
    /** How old an outbox entry must be before the sweeper carries it out in place of its worker. */
    public static final Duration SWEEP_MIN_AGE = Duration.ofSeconds(5);

    private final LifecycleBroker broker;
    private final JobCodec codec;
    private final StatusReader reader;
    private final JobWaiter waiter;
    private final JobCanceller canceller;
    private final OutboxRelay relay;
    private final BatchCallbacks callbacks;
    private final LifecycleEnqueue enqueue;
    private final LifecycleSettler settler;
    private final RedisBatches batches;
    private final RedisFlows flows;
    private final Map<String, Duration> keepByType = new ConcurrentHashMap<>();

    public JobLifecycle(UnifiedJedis redis, QueueBroker queues, JobCodec codec) {
        this(redis, queues, codec, null);
    }

    /** {@code unserved} (may be null) hears of every queue this enqueues to, as the plain client's warning does. */
    public JobLifecycle(UnifiedJedis redis, QueueBroker queues, JobCodec codec, UnservedQueueWarning unserved) {
        this.broker = new LifecycleBroker(redis, queues);
        this.codec = codec;
        this.reader = new StatusReader(codec);
        this.waiter = new JobWaiter(broker, reader);
        this.callbacks = new BatchCallbacks(broker);
        this.relay = new OutboxRelay(broker, callbacks);
        this.enqueue = new LifecycleEnqueue(broker, codec, this, unserved);
        callbacks.enqueueWith(enqueue);
        this.canceller = new JobCanceller(broker, new JobFinder(queues, codec), relay);
        this.settler = new LifecycleSettler(broker, codec, relay);
        this.batches = new RedisBatches(broker, enqueue, callbacks, this::keepOf);
        this.flows = new RedisFlows(enqueue);
    }

    /** The client producers use: {@code plain} for plain jobs, the lifecycle path for tracked ones. */
    public JobClient client(JobClient plain) {
        return new LifecycleJobClient(plain, enqueue, this, keepByType);
    }

    /** Tracks every job of {@code type} enqueued from now on through this handle's clients, as {@link JobRequest#keepResult} does. */
    public void keepResults(String type, Duration retention) {
        dev.capstan.api.QueueNames.requireValidType(type);
        keepByType.put(type, JobRequest.requireKeepRetention(retention));
    }

    public Batches batches() {
        return batches;
    }

    public dev.capstan.api.Flows flows() {
        return flows;
    }

    /** The hook through which a worker settles lifecycle jobs. */
    public LifecycleSettler settler() {
        return settler;
    }

    /** A sweeper for the leader to run (see {@link LifecycleSweeper}). */
    public LifecycleSweeper sweeper() {
        return new LifecycleSweeper(broker, relay, callbacks, SWEEP_MIN_AGE);
    }

    /**
     * Subscribes to cancel requests: {@code onCancel} receives the id of every job asked to stop, and
     * {@code onResubscribed} runs after the subscription was lost and set up again (requests published
     * meanwhile were missed: look for them with {@link #cancelRequested}). Both run on the subscription's
     * thread: keep them short. The subscription has a connection of its own and reconnects by itself
     * ({@link Subscription}); close the result to unsubscribe.
     */
    public Subscription onCancelRequest(Consumer<String> onCancel, Runnable onResubscribed) {
        return Subscription.start(broker.redis(), "capstan-job-cancel", new Subscription.Listener() {
            @Override
            public void subscribed(boolean resubscribed) {
                if (resubscribed) {
                    onResubscribed.run();
                }
            }

            @Override
            public void message(String channel, String jobId) {
                onCancel.accept(jobId);
            }
        }, broker.keys().cancelChannel());
    }

    /** Which of {@code jobIds} (running on {@code queue}) were asked to stop: the heartbeat's safety net. One round trip. */
    public List<String> cancelRequested(String queue, List<String> jobIds) {
        return broker.cancelRequested(queue, jobIds);
    }

    // ---------- JobTracker ----------

    @Override
    public Optional<JobStatus> status(String jobId) {
        if (!TrackedIds.isTracked(jobId)) {
            return Optional.empty();
        }
        String queue;
        try {
            queue = TrackedIds.queueOf(jobId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(reader.read(jobId, broker.status(queue, jobId), System.currentTimeMillis()));
    }

    @Override
    public JobStatus await(String jobId, Duration timeout) throws InterruptedException {
        if (!TrackedIds.isTracked(jobId)) {
            throw new IllegalArgumentException("job " + jobId + " is not tracked: enqueue it with keepResult(...) to await it");
        }
        return waiter.await(jobId, timeout);
    }

    @Override
    public CancelResult cancel(String jobId) {
        return canceller.cancel(jobId);
    }

    // ---------- admin ----------

    @Override
    public Page<CancelledJob> cancelled(String queue, int offset, int limit) {
        List<CancelledJob> items = new ArrayList<>();
        for (Tuple t : broker.cancelled(queue, offset, limit)) {
            try {
                items.add(new CancelledJob(codec.decode(t.getElement()), (long) t.getScore()));
            } catch (JobDecodeException e) {
                // only decodable jobs are ever cancelled; skip anything else
            }
        }
        return new Page<>(items, offset, broker.cancelledCount(queue));
    }

    @Override
    public Page<BatchStatus> recentBatches(int offset, int limit) {
        List<BatchStatus> items = new ArrayList<>();
        for (String id : broker.recentBatches(offset, limit)) {
            BatchStatus status = RedisBatches.read(id, broker.batchInfo(id));
            if (status == null) {
                broker.forgetBatch(id); // past its retention
            } else {
                items.add(status);
            }
        }
        return new Page<>(items, offset, broker.batchCount());
    }

    @Override
    public Optional<BatchStatus> batch(String batchId) {
        return batches.status(batchId);
    }

    private Duration keepOf(JobRequest request) {
        return request.keepResult() != null || keepByType.isEmpty() ? request.keepResult() : keepByType.get(request.type());
    }

    @Override
    public void close() {
        waiter.close();
    }
}
