package dev.capstan.redis.queue;

import dev.capstan.api.Job;
import dev.capstan.api.JobCodec;
import dev.capstan.api.JobDecodeException;
import dev.capstan.api.JobError;
import dev.capstan.api.LogText;
import dev.capstan.redis.queue.QueueBroker.Move;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import dev.capstan.redis.outage.OutageLog;
import dev.capstan.redis.outage.RedisFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Background component that returns the jobs of dead workers to their queues.
 *
 * <p>For every queue and every worker with a processing list, a worker whose heartbeat has expired
 * is dead: each job in its list goes back to the front of the queue with its recovery count raised,
 * or, when it has been recovered more than {@code maxRecoveries} times (a poison pill that kills
 * its worker), to the dead set with that reason. A short per-worker lock keeps two reapers from
 * working on the same list at once; each move is itself atomic (a job still in the list moves, a
 * job already acknowledged or moved is skipped), so even overlapping reapers cannot duplicate a job.
 *
 * <p>The idempotency-key locks that the dead worker held for the jobs in its list are released in the
 * same pass, before the jobs go back, so a recovered keyed job runs at once instead of waiting for the
 * lock's lease to run out.
 *
 * <p>A quiet period (the heartbeat TTL, in the worker) guards against reaping live workers: right
 * after the reaper starts, and after any pass that failed because Redis was away, it reaps nothing
 * until the period has passed, so that workers which were cut off by the same outage have had the
 * time to heartbeat again. A worker that really died is reaped one period later than it could be.
 */
public final class ProcessingListReaper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProcessingListReaper.class);
    private static final Duration REAPING_LOCK = Duration.ofSeconds(30);

    private final QueueBroker broker;
    private final JobCodec codec;
    private final WorkerLiveness liveness;
    private final int maxRecoveries;
    private final long quietPeriodNanos;
    private final SettleHook hook;
    private volatile long quietUntil;
    private ScheduledExecutorService timer;
    private final OutageLog outage = new OutageLog("reaper", log);
    private final java.util.Set<String> reportedErrors = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** A reaper with no quiet period: it trusts liveness as soon as it starts. */
    public ProcessingListReaper(QueueBroker broker, JobCodec codec, WorkerLiveness liveness) {
        this(broker, codec, liveness, Duration.ZERO);
    }

    public ProcessingListReaper(QueueBroker broker, JobCodec codec, WorkerLiveness liveness, Duration quietPeriod) {
        this(broker, codec, liveness, quietPeriod, null);
    }

    /** {@code hook} settles the poison pills among lifecycle jobs (so their status and batch hear of it). */
    public ProcessingListReaper(QueueBroker broker, JobCodec codec, WorkerLiveness liveness, Duration quietPeriod,
                                SettleHook hook) {
        this.hook = hook;
        this.broker = broker;
        this.codec = codec;
        this.liveness = liveness;
        this.maxRecoveries = broker.settings().maxRecoveries();
        this.quietPeriodNanos = quietPeriod.toNanos();
        this.quietUntil = System.nanoTime() + quietPeriodNanos;
    }

    /** Reaps every {@code interval} on a background thread until {@link #stop()}. */
    public synchronized void start(Duration interval) {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "capstan-reaper");
            t.setDaemon(true);
            return t;
        });
        quietUntil = System.nanoTime() + quietPeriodNanos;
        timer.scheduleWithFixedDelay(this::reapSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** One pass over all queues; returns how many jobs it moved (back to queues or to the dead set). */
    public long reapOnce() {
        if (System.nanoTime() - quietUntil < 0) {
            return 0; // still in the quiet period: live workers may not have heartbeated yet
        }
        long moved = 0;
        for (String queue : broker.queues()) {
            try {
                for (String workerId : broker.workersOf(queue)) {
                    if (!liveness.isAlive(workerId)) {
                        moved += reapWorker(queue, workerId);
                    }
                }
            } catch (JedisDataException e) {
                if (RedisFailures.isTransient(e)) {
                    throw e; // LOADING, READONLY...: the server is not itself; the pass fails and waits a quiet period
                }
                // A key of the wrong type in this queue (the scripts moved nothing) must not stop the others.
                if (reportedErrors.size() < 1000 && reportedErrors.add(e.getMessage())) {
                    log.error("reaper skips queue {} until it is repaired: {} (logged once)", LogText.escape(queue),
                            LogText.escape(e.getMessage()));
                }
            }
        }
        return moved;
    }

    private void reapSafely() {
        if (System.nanoTime() - quietUntil < 0) {
            return; // quiet period: no Redis call, so nothing to say about an outage either
        }
        try {
            long moved = reapOnce();
            outage.succeeded();
            if (moved > 0) {
                log.info("reaper returned {} job(s) from dead workers", moved);
            }
        } catch (RuntimeException e) {
            // Redis was away: so were the heartbeats of live workers. Give them a period to come back.
            quietUntil = System.nanoTime() + quietPeriodNanos;
            outage.failed(e, "it tries again each interval and reaps nothing for a quiet period after Redis is back");
        }
    }

    private long reapWorker(String queue, String workerId) {
        String token = UUID.randomUUID().toString();
        if (!broker.tryLockReaping(queue, workerId, token, REAPING_LOCK)) {
            return 0;
        }
        try {
            List<String> elements = broker.processing(queue, workerId);
            List<Move> back = new ArrayList<>();
            List<Move> dead = new ArrayList<>();
            long now = System.currentTimeMillis();
            for (String element : elements) {
                classify(queue, workerId, element, now, back, dead);
            }
            releaseKeyLocks(queue, workerId, elements);
            long moved = broker.requeue(queue, workerId, back) + broker.dead(queue, workerId, dead);
            broker.forgetWorker(queue, workerId);
            if (moved > 0) {
                log.warn("queue {}: worker {} is dead; returned {} job(s) to the queue and {} to the dead set",
                        LogText.escape(queue), LogText.escape(workerId), back.size(), dead.size());
            }
            return moved;
        } finally {
            broker.unlockReaping(queue, workerId);
        }
    }

    /** Frees the idempotency-key locks the dead worker took for the keyed jobs in its list. */
    private void releaseKeyLocks(String queue, String workerId, List<String> elements) {
        List<String> keys = new ArrayList<>();
        List<String> jobIds = new ArrayList<>();
        for (String element : elements) {
            try {
                Job job = codec.decode(element);
                if (job.idempotencyKey() != null) {
                    keys.add(job.idempotencyKey());
                    jobIds.add(job.id());
                }
            } catch (JobDecodeException | IllegalArgumentException e) {
                // undecodable: it holds no lock
            }
        }
        long released = broker.releaseKeyLocksOf(queue, workerId, keys, jobIds);
        if (released > 0) {
            log.info("queue {}: released {} idempotency-key lock(s) held by dead worker {}", queue, released, workerId);
        }
    }

    private void classify(String queue, String workerId, String element, long now, List<Move> back, List<Move> dead) {
        Job job;
        try {
            job = codec.decode(element);
        } catch (JobDecodeException | IllegalArgumentException e) {
            dead.add(new Move(element, UndecodableElements.wrap(codec, queue, element, e.getMessage())));
            return;
        }
        Recovery.Outcome outcome = Recovery.of(codec, job, element, maxRecoveries, workerId, now);
        if (outcome.dead() && hook != null && hook.handles(outcome.job())) {
            hook.dead(new FetchedJob(queue, workerId, element, job), outcome.job()); // its status, batch and parent hear of it
            return;
        }
        (outcome.dead() ? dead : back).add(outcome.move());
    }
}
