package dev.capstan.redis.lock;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.redis.Namespace;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisServerProcess;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

@ExtendWith(RedisExtension.class)
class RedisLockTest {
    private static final String NAME = "job-42";

    private static RedisLocks locks(RedisTestContext ctx, Namespace ns) {
        return ctx.closeAfter(new RedisLocks(ctx.newClient(), ns));
    }

    private static String holderToken(RedisClient redis, Namespace ns) {
        return redis.get(ns.tagged(NAME, "lock"));
    }

    private static long elapsedMs(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    @Test
    void onlyOneHolderAtATimeUnderContention(RedisTestContext ctx) throws Exception {
        Namespace ns = new Namespace(ctx.namespace());
        String counterKey = ns.tagged(NAME, "test-counter");
        int threads = 8;
        int cycles = 25;
        AtomicInteger inside = new AtomicInteger();
        AtomicLong lastFence = new AtomicLong(0);
        Queue<String> violations = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                RedisLocks locks = locks(ctx, ns);
                RedisClient data = ctx.newClient();
                workers.add(pool.submit(() -> {
                    RedisLock lock = locks.lock(NAME);
                    for (int i = 0; i < cycles; i++) {
                        LockLease lease = lock.acquire(Duration.ofSeconds(10), Duration.ofSeconds(20)).orElseThrow();
                        if (inside.incrementAndGet() != 1) {
                            violations.add("two holders at once");
                        }
                        if (lease.fencingToken() <= lastFence.get()) {
                            violations.add("fencing token " + lease.fencingToken() + " after " + lastFence.get());
                        }
                        lastFence.set(lease.fencingToken());
                        // a non-atomic read-modify-write: only mutual exclusion keeps it exact
                        String value = data.get(counterKey);
                        data.set(counterKey, Long.toString((value == null ? 0 : Long.parseLong(value)) + 1));
                        inside.decrementAndGet();
                        if (!lock.release(lease)) {
                            violations.add("release of a held lease failed");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(25, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(violations.isEmpty(), () -> "violations: " + violations);
        assertEquals(Integer.toString(threads * cycles), ctx.newClient().get(counterKey));
        assertEquals(threads * cycles, lastFence.get());
    }

    @Test
    void staleOrWrongTokenCannotReleaseOrExtend(RedisTestContext ctx) {
        Namespace ns = new Namespace(ctx.namespace());
        RedisClient redis = ctx.newClient();
        RedisLock first = locks(ctx, ns).lock(NAME);
        RedisLock second = locks(ctx, ns).lock(NAME);

        LockLease stale = first.tryAcquire(Duration.ofMillis(300)).orElseThrow();
        LockLease current = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> second.tryAcquire(Duration.ofSeconds(20)), Optional::isPresent).orElseThrow();
        assertTrue(current.fencingToken() > stale.fencingToken());

        assertFalse(first.extend(stale, Duration.ofSeconds(60)), "extend with a stale token");
        assertFalse(first.release(stale), "release with a stale token");
        assertTrue(stale.isLost() || !stale.isHeldLocally());
        assertEquals(current.token(), holderToken(redis, ns), "the current holder keeps the lock");
        long ttl = redis.pttl(ns.tagged(NAME, "lock"));
        assertTrue(ttl > 0 && ttl <= 20_000, "stale extend must not prolong the lock, pttl=" + ttl);

        LockLease forged = new LockLease(NAME, "not-the-token", 1, Duration.ofSeconds(60), System.nanoTime());
        assertFalse(second.extend(forged, Duration.ofSeconds(60)));
        assertFalse(second.release(forged));
        assertEquals(current.token(), holderToken(redis, ns));
        assertTrue(redis.pttl(ns.tagged(NAME, "lock")) <= 20_000);

        assertTrue(second.release(current));
        assertFalse(second.isLocked());
    }

    @Test
    void holderThatStopsRenewingLosesTheLockAfterItsLeaseAndNotBefore(RedisTestContext ctx) {
        Namespace ns = new Namespace(ctx.namespace());
        RedisClient redis = ctx.newClient();
        RedisLock holder = locks(ctx, ns).lock(NAME);
        RedisLock contender = locks(ctx, ns).lock(NAME);
        long leaseMs = 1_500;

        long start = System.nanoTime();
        LockLease lease = holder.tryAcquire(Duration.ofMillis(leaseMs)).orElseThrow();
        assertTrue(contender.tryAcquire(Duration.ofSeconds(1)).isEmpty(), "taken while held");

        AtomicLong lastSeenHeldMs = new AtomicLong(-1);
        AtomicLong firstSeenFreeMs = new AtomicLong(-1);
        await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(25)).until(() -> {
            long now = elapsedMs(start);
            if (lease.token().equals(holderToken(redis, ns))) {
                lastSeenHeldMs.set(now);
                return false;
            }
            firstSeenFreeMs.set(now);
            return true;
        });
        // the start was taken before the acquire, so the lock may not vanish before a full lease
        assertTrue(firstSeenFreeMs.get() >= leaseMs - 20, "lost after only " + firstSeenFreeMs.get() + " ms");
        assertTrue(lastSeenHeldMs.get() >= leaseMs - 600, "still held shortly before the lease ended, last seen "
                + lastSeenHeldMs.get() + " ms");
        assertFalse(lease.isHeldLocally());
        assertTrue(lease.isLost());
        LockLease next = contender.tryAcquire(Duration.ofSeconds(5)).orElseThrow();
        assertTrue(next.fencingToken() > lease.fencingToken());
    }

    @Test
    void fencingTokensStrictlyIncreaseAcrossHolders(RedisTestContext ctx) throws Exception {
        Namespace ns = new Namespace(ctx.namespace());
        List<RedisLock> holders = List.of(locks(ctx, ns).lock(NAME), locks(ctx, ns).lock(NAME), locks(ctx, ns).lock(NAME));
        long previous = 0;
        for (int round = 0; round < 30; round++) {
            RedisLock lock = holders.get(round % holders.size());
            LockLease lease = lock.acquire(Duration.ofSeconds(5), Duration.ofSeconds(5)).orElseThrow();
            assertTrue(lease.fencingToken() > previous, lease.fencingToken() + " after " + previous);
            previous = lease.fencingToken();
            if (round % 5 == 4) {
                // also across a lease that ran out instead of being released
                LockLease expired = lease;
                lock.extend(expired, Duration.ofMillis(50));
                RedisLock next = holders.get((round + 1) % holders.size());
                LockLease taken = await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(10))
                        .until(() -> next.tryAcquire(Duration.ofSeconds(5)), Optional::isPresent).orElseThrow();
                assertTrue(taken.fencingToken() > previous);
                previous = taken.fencingToken();
                next.release(taken);
            } else {
                assertTrue(lock.release(lease));
            }
        }
    }

    @Test
    void waiterIsWokenByReleaseLongBeforeItsFallbackRecheck(RedisTestContext ctx) throws Exception {
        Namespace ns = new Namespace(ctx.namespace());
        RedisLock holder = locks(ctx, ns).lock(NAME);
        RedisLock waiter = locks(ctx, ns).lock(NAME);
        // fallback re-check: min(holder's TTL ~30 s, waiter lease / 3 = 10 s)
        LockLease held = holder.tryAcquire(Duration.ofSeconds(30)).orElseThrow();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<Optional<LockLease>> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return waiter.acquire(Duration.ofSeconds(30), Duration.ofSeconds(20));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, thread);
            await().atMost(Duration.ofSeconds(5)).until(() -> waiter.sleepingWaiters() == 1);

            long released = System.nanoTime();
            assertTrue(holder.release(held));
            LockLease got = waiting.get(15, TimeUnit.SECONDS).orElseThrow();
            long wokenAfterMs = elapsedMs(released);
            System.out.println("waiter got the lock " + wokenAfterMs + " ms after release");
            assertTrue(wokenAfterMs < 3_000, "waiter took " + wokenAfterMs + " ms; the fallback would be 10 s");
            assertTrue(got.fencingToken() > held.fencingToken());
            assertTrue(got.isHeldLocally());
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void acquireGivesUpAfterMaxWait(RedisTestContext ctx) throws Exception {
        Namespace ns = new Namespace(ctx.namespace());
        RedisLock holder = locks(ctx, ns).lock(NAME);
        RedisLock waiter = locks(ctx, ns).lock(NAME);
        holder.tryAcquire(Duration.ofSeconds(30)).orElseThrow();
        long start = System.nanoTime();
        Optional<LockLease> none = waiter.acquire(Duration.ofSeconds(30), Duration.ofMillis(500));
        long waited = elapsedMs(start);
        assertTrue(none.isEmpty());
        assertTrue(waited >= 450 && waited < 5_000, "waited " + waited + " ms");
    }

    @Test
    void watchdogKeepsAShortLeaseHeldAndStopsAfterRelease(RedisTestContext ctx) {
        Namespace ns = new Namespace(ctx.namespace());
        RedisClient redis = ctx.newClient();
        RedisLock lock = locks(ctx, ns).lock(NAME);
        RedisLock contender = locks(ctx, ns).lock(NAME);
        AtomicInteger losses = new AtomicInteger();

        // Renewed every 500 ms; a lease of 1.5 s leaves 1 s for a stalled renewal on a loaded machine.
        LockLease lease = lock.tryAcquire(Duration.ofMillis(1_500)).orElseThrow();
        lock.keepAlive(lease, losses::incrementAndGet);
        // held without a gap for well over one lease, across several renewals
        await().during(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> lease.token().equals(holderToken(redis, ns)) && lease.isHeldLocally());
        assertTrue(contender.tryAcquire(Duration.ofSeconds(1)).isEmpty());
        assertTrue(lease.extensions() >= 3, "renewed " + lease.extensions() + " times");

        assertTrue(lock.release(lease));
        long renewalsAtRelease = lease.extensions();
        // no renewal after release: the key stays gone and the count stays put
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> !redis.exists(ns.tagged(NAME, "lock")) && lease.extensions() == renewalsAtRelease);
        assertEquals(0, losses.get(), "a release is not a loss");
        assertFalse(lease.isHeldLocally());
        assertFalse(lease.isLost());
    }

    @Test
    void watchdogReportsLossWhenTheLockIsTakenAway(RedisTestContext ctx) {
        Namespace ns = new Namespace(ctx.namespace());
        RedisClient redis = ctx.newClient();
        RedisLock lock = locks(ctx, ns).lock(NAME);
        AtomicInteger losses = new AtomicInteger();
        LockLease lease = lock.tryAcquire(Duration.ofMillis(600)).orElseThrow();
        lock.keepAlive(lease, losses::incrementAndGet);

        redis.del(ns.tagged(NAME, "lock")); // e.g. an operator, or a failover that lost the key
        LockLease usurper = locks(ctx, ns).lock(NAME).tryAcquire(Duration.ofSeconds(10)).orElseThrow();

        await().atMost(Duration.ofSeconds(3)).until(() -> losses.get() == 1);
        assertTrue(lease.isLost());
        assertFalse(lease.isHeldLocally());
        assertEquals(usurper.token(), holderToken(redis, ns), "the watchdog must not take the lock back");
        assertNotNull(usurper);
        assertFalse(lock.release(lease));
        assertEquals(1, losses.get(), "loss reported once");
    }

    @Test
    void releaseSubscriptionReconnectsAfterTheServerRestarts(RedisTestContext ctx) throws Exception {
        RedisServerProcess server = ctx.closeAfter(RedisServerProcess.start());
        Namespace ns = new Namespace(ctx.namespace());
        RedisLocks holderLocks = ctx.closeAfter(new RedisLocks(ownClient(ctx, server), ns));
        RedisLocks waiterLocks = ctx.closeAfter(new RedisLocks(ownClient(ctx, server), ns));
        RedisLock holder = holderLocks.lock(NAME);
        RedisLock waiter = waiterLocks.lock(NAME);
        assertTrue(waiterLocks.releases().awaitSubscribed(Duration.ofSeconds(5)));
        assertEquals(1, waiterLocks.releases().subscriptions());

        server.restart(); // drops the subscriber's connection
        await().atMost(Duration.ofSeconds(10)).until(() -> waiterLocks.releases().subscriptions() == 2);

        // The subscription has its own connection now; the pool's idle connection (made when the
        // client was built) was broken by the restart too and fails once before a fresh one is made.
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> waiterLocks.redis().ping().equals("PONG"));
        LockLease held = await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
                .until(() -> holder.tryAcquire(Duration.ofSeconds(30)), Optional::isPresent).orElseThrow();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<Optional<LockLease>> waiting = thread.submit(
                    () -> waiter.acquire(Duration.ofSeconds(30), Duration.ofSeconds(20)));
            await().atMost(Duration.ofSeconds(5)).until(() -> waiter.sleepingWaiters() == 1);
            long released = System.nanoTime();
            assertTrue(holder.release(held));
            assertTrue(waiting.get(15, TimeUnit.SECONDS).isPresent());
            long wokenAfterMs = elapsedMs(released);
            assertTrue(wokenAfterMs < 3_000, "waiter took " + wokenAfterMs + " ms after the restart");
        } finally {
            thread.shutdownNow();
        }
    }

    private static RedisClient ownClient(RedisTestContext ctx, RedisServerProcess server) {
        return ctx.closeAfter(RedisClient.builder().hostAndPort(server.host(), server.port()).build());
    }
}
