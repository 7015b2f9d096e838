package dev.capstan.redis.lock;

import dev.capstan.redis.Namespace;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import dev.capstan.redis.outage.OutageBackoff;
import dev.capstan.redis.outage.OutageLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Leader election on one {@link RedisLock}: every started instance is a candidate; the one holding
 * the lock is leader and keeps it with the lock's watchdog (an extend every third of the lease).
 *
 * <p>Candidates do not poll busily: they try again when a release message arrives, when the
 * current leader's lease runs out (its remaining TTL comes back with every failed attempt), and at
 * least every third of the lease as a fallback. So {@link #stop()} (which releases the lock) hands
 * leadership over within a round trip or two, and a leader that died or stopped renewing is replaced
 * about one lease after its last renewal.
 *
 * <p>Guarantees and limits: at most one instance holds the lock at a time by the Redis server's
 * clock, but {@link #isLeader()} and the callbacks are this process's view: a leader paused past its
 * lease (GC, swap) may briefly believe it still leads. Pass the fencing token of
 * {@link LeadershipListener#onElected(long)} to whatever the leader writes to, so stale leaders
 * can be rejected. An election is started once; after {@link #stop()} create a new one.
 */
public final class LeaderElection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaderElection.class);

    private final RedisLocks locks;
    private final boolean ownsLocks;
    private final RedisLock lock;
    private final Duration lease;
    private final LeadershipListener listener;
    private final ExecutorService callbacks;
    private boolean started;
    private boolean running;
    private boolean stopped;
    private volatile LockLease leadership;
    private ScheduledFuture<?> nextAttempt;
    private LockReleaseChannel.Watch releaseWatch;
    private volatile Thread callbackThread;
    private final OutageBackoff backoff;

    /**
     * An election with its own {@link RedisLocks} (pub/sub connection and scheduler), closed by
     * {@link #stop()}; {@code redis} stays open and belongs to the caller.
     */
    public LeaderElection(UnifiedJedis redis, Namespace ns, String name, Duration lease, LeadershipListener listener) {
        this(new RedisLocks(redis, ns), true, name, lease, listener);
    }

    LeaderElection(RedisLocks locks, boolean ownsLocks, String name, Duration lease, LeadershipListener listener) {
        this.locks = locks;
        this.ownsLocks = ownsLocks;
        this.lock = locks.lock(name);
        this.lease = Objects.requireNonNull(lease, "lease");
        if (lease.toMillis() < 3) {
            throw new IllegalArgumentException("lease must be at least 3 ms: " + lease);
        }
        this.listener = Objects.requireNonNull(listener, "listener");
        this.backoff = new OutageBackoff(new OutageLog("leader election '" + name + "'", log), OutageBackoff.MIN,
                Duration.ofMillis(Math.max(OutageBackoff.MIN.toMillis(), RedisLock.recheckDelayMs(-1, lease))));
        this.callbacks = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "capstan-election-" + name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Becomes a candidate: tries for the lock now and whenever it may have become free. */
    public synchronized void start() {
        if (started || stopped) {
            throw new IllegalStateException("election on '" + lock.name() + "' already started or stopped");
        }
        started = true;
        running = true;
        // hop to the scheduler: the pub/sub thread must not wait for this election's monitor
        releaseWatch = locks.releases().watch(lock.name(), this::attemptSoon);
        scheduleAttempt(0);
    }

    /** Whether this instance leads now, by its local lease deadline. */
    public boolean isLeader() {
        LockLease current = leadership;
        return current != null && current.isHeldLocally();
    }

    /** The fencing token of the current leadership of this instance, empty when not leader. */
    public OptionalLong fencingToken() {
        LockLease current = leadership;
        return current != null && current.isHeldLocally() ? OptionalLong.of(current.fencingToken()) : OptionalLong.empty();
    }

    public String name() {
        return lock.name();
    }

    /**
     * Leaves the election. A leader is told {@link LeadershipListener#onRevoked()} and, once that
     * callback returned (or after at most one lease), releases the lock at once, waking the other
     * candidates. Idempotent.
     */
    public void stop() {
        LockLease held;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            if (!running) { // never started: only the resources to free
                callbacks.shutdown();
                if (ownsLocks) {
                    locks.close();
                }
                return;
            }
            running = false;
            cancelAttempt();
            releaseWatch.close();
            held = leadership;
            leadership = null;
        }
        if (held != null) {
            // let the leader's work wind down before another instance may be elected
            awaitCallback(notifyListener(listener::onRevoked));
            try {
                lock.release(held);
            } catch (RuntimeException e) {
                log.warn("releasing leadership of '{}' failed; it expires after its lease", lock.name(), e);
            }
        }
        callbacks.shutdown(); // queued callbacks (the onRevoked above) still run
        if (ownsLocks) {
            locks.close();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Simulates a crash (tests): stops everything without releasing the lock or calling back. */
    void kill() {
        if (!ownsLocks) {
            throw new IllegalStateException("kill() needs an election that owns its RedisLocks");
        }
        synchronized (this) {
            stopped = true;
            running = false;
            cancelAttempt();
            if (releaseWatch != null) {
                releaseWatch.close();
            }
            leadership = null;
        }
        callbacks.shutdownNow();
        locks.close(); // the scheduler stops: the watchdog no longer renews
    }

    private void attemptSoon() {
        try {
            locks.scheduler().execute(() -> scheduleAttempt(0));
        } catch (RejectedExecutionException e) {
            log.debug("election '{}' cannot schedule: scheduler shut down", lock.name());
        }
    }

    private synchronized void scheduleAttempt(long delayMs) {
        if (!running || leadership != null) {
            return;
        }
        cancelAttempt();
        try {
            nextAttempt = locks.scheduler().schedule(this::attempt, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("election '{}' cannot schedule: scheduler shut down", lock.name());
        }
    }

    private void cancelAttempt() {
        if (nextAttempt != null) {
            nextAttempt.cancel(false);
            nextAttempt = null;
        }
    }

    private synchronized void attempt() {
        if (!running || leadership != null) {
            return;
        }
        RedisLock.AcquireAttempt result;
        try {
            result = lock.attempt(lease);
            backoff.succeeded();
        } catch (RuntimeException e) {
            scheduleAttempt(backoff.failed(e)); // jittered, at most the lease's re-check fallback
            return;
        }
        LockLease won = result.lease();
        if (won == null) {
            scheduleAttempt(RedisLock.recheckDelayMs(result.holderTtlMs(), lease));
            return;
        }
        leadership = won;
        lock.keepAlive(won, () -> lost(won));
        long fencingToken = won.fencingToken();
        notifyListener(() -> listener.onElected(fencingToken));
    }

    private void lost(LockLease lostLease) {
        synchronized (this) {
            if (leadership != lostLease) {
                return;
            }
            leadership = null;
            log.warn("election '{}': leadership lost (fencing token {})", lock.name(), lostLease.fencingToken());
            notifyListener(listener::onRevoked);
        }
        scheduleAttempt(0);
    }

    private Future<?> notifyListener(Runnable call) {
        try {
            return callbacks.submit(() -> {
                callbackThread = Thread.currentThread();
                try {
                    call.run();
                } catch (RuntimeException e) {
                    log.warn("leadership listener of '{}' failed", lock.name(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("election '{}' stopped; callback dropped", lock.name());
            return null;
        }
    }

    /** Waits (at most one lease) for a callback, unless stop() was called from a callback itself. */
    private void awaitCallback(Future<?> callback) {
        if (callback == null || Thread.currentThread() == callbackThread) {
            return;
        }
        try {
            callback.get(lease.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("election '{}': onRevoked did not finish within the lease; releasing anyway", lock.name());
        }
    }
}
