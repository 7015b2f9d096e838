package dev.capstan.redis.lock;

import dev.capstan.redis.Namespace;
import dev.capstan.redis.lua.LuaScript;
import dev.capstan.redis.lua.ScriptRunner;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One named, non-reentrant distributed lock with leases and fencing tokens. Obtain it from
 * {@link RedisLocks#lock(String)}.
 *
 * <p>Keys (one hash tag, so one cluster slot): {@code prefix:{name}:lock} holds the holder's random
 * token with the lease as TTL; {@code prefix:{name}:lock:fence} is a counter without TTL that every
 * acquisition increments in the same script, so fencing tokens strictly increase across holders for
 * as long as that key survives (do not let an eviction policy or a FLUSH remove it).
 *
 * <p>Guarantees and limits: on one Redis server, at most one lease holds the lock at any time by the
 * server's clock. Holders are told about the end of their lease only by their local deadline, the
 * watchdog, or a failed extend; a holder paused beyond its lease may still act, which is why
 * resources should check {@link LockLease#fencingToken()}. Replication to a replica is asynchronous:
 * a failover can lose a just-taken lock (no Redlock here). Release and extend compare the token, so
 * a stale lease never frees or prolongs someone else's lock.
 */
public final class RedisLock {
    private static final LuaScript ACQUIRE = LuaScript.load(RedisLock.class, "acquire");
    private static final LuaScript RELEASE = LuaScript.load(RedisLock.class, "release");
    private static final LuaScript EXTEND = LuaScript.load(RedisLock.class, "extend");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration SUBSCRIBE_WAIT = Duration.ofSeconds(2);
    private static final long MIN_RECHECK_MS = 20;

    private final ScriptRunner scripts;
    private final String name;
    private final String lockKey;
    private final String fenceKey;
    private final LockReleaseChannel releases;
    private final ScheduledExecutorService scheduler;
    private final AtomicInteger sleepingWaiters = new AtomicInteger();

    RedisLock(ScriptRunner scripts, Namespace ns, String name, LockReleaseChannel releases,
              ScheduledExecutorService scheduler) {
        this.scripts = scripts;
        this.name = Namespace.requireTaggable(name);
        this.lockKey = ns.tagged(name, "lock");
        this.fenceKey = ns.tagged(name, "lock", "fence");
        this.releases = releases;
        this.scheduler = scheduler;
    }

    public String name() {
        return name;
    }

    /** One attempt: the lease if the lock was free, otherwise empty. One round trip. */
    public Optional<LockLease> tryAcquire(Duration lease) {
        return Optional.ofNullable(attempt(lease).lease());
    }

    /**
     * Waits up to {@code maxWait} for the lock without polling: the waiter sleeps until a release
     * message for this lock arrives, the current holder's lease runs out (its remaining TTL is
     * returned by every failed attempt), or a fallback re-check of at most a third of
     * {@code lease} elapses, whichever comes first. Several waiters woken by one release race
     * for the lock; there is no fairness.
     *
     * @return the lease, or empty when {@code maxWait} passed without getting it
     */
    public Optional<LockLease> acquire(Duration lease, Duration maxWait) throws InterruptedException {
        requirePositive(lease, "lease");
        Objects.requireNonNull(maxWait, "maxWait");
        long deadline = System.nanoTime() + Math.max(0, maxWait.toNanos());
        Semaphore wakeups = new Semaphore(0);
        try (LockReleaseChannel.Watch ignored = releases.watch(name, wakeups::release)) {
            Optional<LockLease> first = tryAcquire(lease);
            if (first.isPresent() || maxWait.isZero() || maxWait.isNegative()) {
                return first;
            }
            // from here on a release is heard: subscribe before the attempt that decides to wait
            releases.awaitSubscribed(min(SUBSCRIBE_WAIT, Duration.ofNanos(deadline - System.nanoTime())));
            while (true) {
                wakeups.drainPermits(); // a release after this line leaves a permit: no lost wakeup
                AcquireAttempt attempt = attempt(lease);
                if (attempt.lease() != null) {
                    return Optional.of(attempt.lease());
                }
                long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (leftMs <= 0) {
                    return Optional.empty();
                }
                long waitMs = Math.min(leftMs, recheckDelayMs(attempt.holderTtlMs(), lease));
                sleepingWaiters.incrementAndGet();
                try {
                    wakeups.tryAcquire(waitMs, TimeUnit.MILLISECONDS);
                } finally {
                    sleepingWaiters.decrementAndGet();
                }
            }
        }
    }

    /**
     * Deletes the lock if {@code lease} still holds it and wakes waiters.
     *
     * @return true if this call released it, false if the lease had already been lost
     */
    public boolean release(LockLease lease) {
        requireOwn(lease);
        lease.markReleased();
        return scripts.runForLong(RELEASE, List.of(lockKey), List.of(lease.token(), releases.channel(), name)) == 1;
    }

    /**
     * Sets the lock's remaining lease to {@code newLease} if {@code lease} still holds it.
     *
     * @return true if extended; false if the lease had been lost (it is then marked lost)
     */
    public boolean extend(LockLease lease, Duration newLease) {
        requireOwn(lease);
        requirePositive(newLease, "newLease");
        long sent = System.nanoTime();
        boolean extended = scripts.runForLong(EXTEND, List.of(lockKey),
                List.of(lease.token(), Long.toString(newLease.toMillis()))) == 1;
        if (extended) {
            lease.extendedAt(sent, newLease);
        } else if (!lease.isReleased()) {
            lease.markLost();
        }
        return extended;
    }

    /**
     * Starts the watchdog for {@code lease}: it extends the lock to the lease's original length every
     * third of it, on the shared scheduler of {@link RedisLocks}, until the lease is released. If an
     * extend finds the lock taken by someone else, or Redis stays unreachable until the local lease
     * deadline, the lease is marked lost and {@code onLost} runs once, on the scheduler thread (keep
     * it short). Trade-off: a holder that hangs while its process stays alive keeps the lock forever;
     * use it only for work that reliably ends.
     */
    public void keepAlive(LockLease lease, Runnable onLost) {
        requireOwn(lease);
        new LockWatchdog(this, lease, onLost == null ? () -> { } : onLost, scheduler).start();
    }

    /** Whether anyone holds the lock right now (a snapshot, for monitoring). */
    public boolean isLocked() {
        return scripts.redis().exists(lockKey);
    }

    /** One acquire round trip; on failure carries the holder's remaining TTL in ms (-1 none, -2 gone). */
    AcquireAttempt attempt(Duration lease) {
        requirePositive(lease, "lease");
        String token = newToken();
        long sent = System.nanoTime();
        List<Object> reply = scripts.runForList(ACQUIRE, List.of(lockKey, fenceKey),
                List.of(token, Long.toString(lease.toMillis())));
        long flag = (Long) reply.get(0);
        long value = (Long) reply.get(1);
        if (flag == 1) {
            return new AcquireAttempt(new LockLease(name, token, value, lease, sent), 0);
        }
        return new AcquireAttempt(null, value);
    }

    /** Threads of this object asleep in {@link #acquire} waiting for a wakeup (tests). */
    int sleepingWaiters() {
        return sleepingWaiters.get();
    }

    record AcquireAttempt(LockLease lease, long holderTtlMs) { }

    /** Sleep until the holder's TTL ends, but never longer than a third of our lease (the fallback). */
    static long recheckDelayMs(long holderTtlMs, Duration lease) {
        long fallback = Math.max(MIN_RECHECK_MS, lease.toMillis() / 3);
        if (holderTtlMs == -2) {
            return 0; // freed between SET and PTTL: try again at once
        }
        if (holderTtlMs < 0) {
            return fallback; // a key without TTL (not written by us): only a release frees it
        }
        return Math.min(fallback, holderTtlMs + 1);
    }

    private void requireOwn(LockLease lease) {
        Objects.requireNonNull(lease, "lease");
        if (!lease.lockName().equals(name)) {
            throw new IllegalArgumentException("lease of lock '" + lease.lockName() + "' used on lock '" + name + "'");
        }
    }

    private static void requirePositive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.toMillis() < 1) {
            throw new IllegalArgumentException(what + " must be at least 1 ms: " + d);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String newToken() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
