package dev.capstan.redis.ratelimit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.redis.Namespace;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

@ExtendWith(RedisExtension.class)
class ConcurrencyLimiterTest {

    @Test
    void neverMoreThanMaxHoldersUnderContention(RedisTestContext ctx) throws Exception {
        int max = 3;
        Namespace ns = new Namespace(ctx.namespace());
        ConcurrencyLimiter[] limiters = {
            RateLimiters.on(ctx.newClient(), ns).concurrency("db", max, Duration.ofSeconds(30)),
            RateLimiters.on(ctx.newClient(), ns).concurrency("db", max, Duration.ofSeconds(30))
        };
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInside = new AtomicInteger();
        AtomicInteger mostHolders = new AtomicInteger();
        AtomicLong acquired = new AtomicLong();
        AtomicLong lostOnRelease = new AtomicLong();

        Hammer.hammer(16, Duration.ofMillis(1500), thread -> {
            ConcurrencyLimiter limiter = limiters[thread % 2];
            Optional<Permit> permit = limiter.tryAcquire("tenant-1");
            if (permit.isEmpty()) {
                return;
            }
            acquired.incrementAndGet();
            mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
            // the "work": a round trip that also observes the holder count from Redis' side
            mostHolders.accumulateAndGet(limiter.holders("tenant-1"), Math::max);
            inside.decrementAndGet();
            if (!limiter.release(permit.get())) {
                lostOnRelease.incrementAndGet();
            }
        });

        assertTrue(mostInside.get() <= max, mostInside + " holders at once");
        assertTrue(mostHolders.get() <= max, mostHolders + " holders seen in Redis");
        assertEquals(max, mostInside.get(), "with 16 threads competing, all permits are in use at some point");
        assertTrue(acquired.get() > 100, acquired + " acquisitions: released permits must come back");
        assertEquals(0, lostOnRelease.get(), "no permit may be lost while its lease runs");
        assertEquals(0, limiters[0].holders("tenant-1"));
    }

    @Test
    void releaseFreesASlotAndWorksOnce(RedisTestContext ctx) {
        ConcurrencyLimiter limiter = RateLimiters.on(ctx.newClient(), new Namespace(ctx.namespace()))
                .concurrency("jobs", 2, Duration.ofSeconds(30));
        Permit first = limiter.tryAcquire("k").orElseThrow();
        Permit second = limiter.tryAcquire("k").orElseThrow();
        assertTrue(limiter.tryAcquire("k").isEmpty());
        assertTrue(limiter.tryAcquire("other-key").isPresent(), "keys are independent");
        assertEquals(2, limiter.holders("k"));

        assertTrue(limiter.release(first));
        assertFalse(limiter.release(first), "a permit is released once");
        assertEquals(1, limiter.holders("k"));
        Permit third = limiter.tryAcquire("k").orElseThrow();
        assertTrue(limiter.tryAcquire("k").isEmpty());
        assertTrue(limiter.release(second) && limiter.release(third));
        assertEquals(0, limiter.holders("k"));
    }

    @Test
    void aHolderThatNeverReleasesLosesItsPermitAfterTheLease(RedisTestContext ctx) {
        RedisClient redis = ctx.newClient();
        Duration lease = Duration.ofMillis(400);
        Namespace ns = new Namespace(ctx.namespace());
        ConcurrencyLimiter shortLeases = RateLimiters.on(redis, ns).concurrency("jobs", 2, lease);
        // a live holder with a long lease keeps the holder set alive: the dead permit must be purged
        // from it, not merely vanish with the whole key
        ConcurrencyLimiter longLeases = RateLimiters.on(redis, ns).concurrency("jobs", 2, Duration.ofSeconds(60));
        long start = GrantTimes.serverMicros(redis);
        Permit dead = shortLeases.tryAcquire("k").orElseThrow();
        Permit alive = longLeases.tryAcquire("k").orElseThrow();
        assertTrue(shortLeases.tryAcquire("k").isEmpty());

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> longLeases.tryAcquire("k").isPresent());
        long waited = GrantTimes.serverMicros(redis) - start;
        assertTrue(waited >= lease.toMillis() * 1000, "a permit came back after " + waited + " us");

        assertFalse(shortLeases.extend(dead), "an expired permit is never revived");
        assertFalse(shortLeases.release(dead), "an expired permit was purged");
        assertTrue(longLeases.release(alive), "the live holder keeps its permit");
    }

    @Test
    void extendKeepsAPermitBeyondItsFirstLease(RedisTestContext ctx) {
        RedisClient redis = ctx.newClient();
        // A lease far longer than the 100 ms between extends, so a stall of the test thread on a loaded
        // machine does not let it lapse.
        Duration lease = Duration.ofMillis(2000);
        ConcurrencyLimiter limiter = RateLimiters.on(redis, new Namespace(ctx.namespace()))
                .concurrency("jobs", 1, lease);
        Permit held = limiter.tryAcquire("k").orElseThrow();
        long start = GrantTimes.serverMicros(redis);

        // extend every 100 ms for two leases' worth of time; nobody else may get in meanwhile
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            assertTrue(limiter.extend(held), "extend of a live permit");
            assertTrue(limiter.tryAcquire("k").isEmpty(), "permit taken while extended");
            return GrantTimes.serverMicros(redis) - start > 2 * lease.toMillis() * 1000;
        });

        // once the holder stops extending, the permit comes back after one lease
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> limiter.tryAcquire("k").isPresent());
        assertFalse(limiter.extend(held));
    }
}
