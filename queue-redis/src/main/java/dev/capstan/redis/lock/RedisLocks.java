package dev.capstan.redis.lock;

import dev.capstan.redis.Namespace;
import dev.capstan.redis.lua.ScriptRunner;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.UnifiedJedis;

/**
 * Entry point to the locks of one namespace on one client: hands out {@link RedisLock}s and
 * {@link LeaderElection}s, and owns what they share: one pub/sub connection on a daemon thread that
 * wakes waiters when a lock is released ({@link LockReleaseChannel}), and one scheduler of daemon
 * threads for watchdog renewals. Create one per application and close it before the client.
 *
 * <pre>{@code
 * try (RedisLocks locks = new RedisLocks(redis, Namespace.DEFAULT)) {
 *     RedisLock lock = locks.lock("nightly-report");
 *     Optional<LockLease> lease = lock.acquire(Duration.ofSeconds(30), Duration.ofSeconds(5));
 *     ...
 * }
 * }</pre>
 */
public final class RedisLocks implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final UnifiedJedis redis;
    private final Namespace ns;
    private final ScriptRunner scripts;
    private final LockReleaseChannel releases;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;

    /** Locks with their own scheduler (two daemon threads), shut down by {@link #close()}. */
    public RedisLocks(UnifiedJedis redis, Namespace ns) {
        this(redis, ns, newDaemonScheduler(2), true);
    }

    /** Locks whose watchdogs run on {@code scheduler}, which the caller owns and shuts down. */
    public RedisLocks(UnifiedJedis redis, Namespace ns, ScheduledExecutorService scheduler) {
        this(redis, ns, scheduler, false);
    }

    private RedisLocks(UnifiedJedis redis, Namespace ns, ScheduledExecutorService scheduler, boolean ownsScheduler) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.ns = Objects.requireNonNull(ns, "ns");
        this.scripts = new ScriptRunner(redis);
        this.releases = new LockReleaseChannel(redis, ns);
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.ownsScheduler = ownsScheduler;
    }

    /** The lock called {@code name} (cheap: the object holds no connection of its own). */
    public RedisLock lock(String name) {
        return new RedisLock(scripts, ns, name, releases, scheduler);
    }

    /** A leader election on the lock {@code name}, sharing this object's connection and threads. */
    public LeaderElection election(String name, Duration lease, LeadershipListener listener) {
        return new LeaderElection(this, false, name, lease, listener);
    }

    public UnifiedJedis redis() {
        return redis;
    }

    LockReleaseChannel releases() {
        return releases;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /**
     * Stops the release subscriber and, if owned, the scheduler: watchdogs stop renewing (their
     * locks then expire after their lease) and waiters fall back to their re-check timers.
     */
    @Override
    public void close() {
        releases.close();
        if (ownsScheduler) {
            scheduler.shutdownNow();
        }
    }

    static ScheduledExecutorService newDaemonScheduler(int threads) {
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, "capstan-lock-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(threads, factory);
        executor.setRemoveOnCancelPolicy(true); // released leases cancel their renewals: drop them
        return Executors.unconfigurableScheduledExecutorService(executor);
    }
}
