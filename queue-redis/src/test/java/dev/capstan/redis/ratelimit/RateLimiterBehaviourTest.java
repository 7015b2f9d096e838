package dev.capstan.redis.ratelimit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.redis.Namespace;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/** Per-key independence, all-or-nothing permits, retryAfter, and the sliding-window counter's weighting. */
@ExtendWith(RedisExtension.class)
class RateLimiterBehaviourTest {

    /** All five algorithms with a limit of 5 and windows or refills slow enough not to move during a test. */
    private static List<RateLimiter> slowLimitersOf5(RateLimiters limiters) {
        Duration minute = Duration.ofMinutes(1);
        return List.of(
                limiters.fixedWindow("fw", 5, minute),
                limiters.slidingLog("log", 5, minute),
                limiters.slidingWindowCounter("swc", 5, minute),
                limiters.tokenBucket("tb", 5, 1, minute),
                limiters.gcra("gcra", 1, minute, 5));
    }

    @Test
    void eachKeyHasItsOwnLimitInItsOwnHashTag(RedisTestContext ctx) {
        Namespace ns = new Namespace(ctx.namespace());
        for (RateLimiter limiter : slowLimitersOf5(RateLimiters.on(ctx.newClient(), ns))) {
            assertEquals(5, grantsUntilDenied(limiter, "tenant-a"), limiter.name());
            assertEquals(5, grantsUntilDenied(limiter, "tenant-b"), limiter.name() + ": tenant-b is not tenant-a");
            assertFalse(limiter.tryAcquire("tenant-a").allowed(), limiter.name() + ": tenant-a stays limited");

            String key = ((ScriptedRateLimiter) limiter).redisKey("tenant-a");
            assertTrue(key.startsWith(ns.prefix() + ":{" + limiter.name() + ":tenant-a}:"), key);
        }
        // every (limiter, key) pair holds exactly one key: 5 limiters x 2 tenants
        assertEquals(10, ctx.keys().size(), ctx.keys().toString());
    }

    @Test
    void permitsAreAllOrNothingAndRemainingCountsDown(RedisTestContext ctx) {
        for (RateLimiter limiter : slowLimitersOf5(RateLimiters.on(ctx.newClient(), new Namespace(ctx.namespace())))) {
            RateLimitDecision three = limiter.tryAcquire("k", 3);
            assertTrue(three.allowed(), limiter.name());
            assertEquals(2, three.remaining(), limiter.name());
            assertEquals(5, three.limit(), limiter.name());
            assertEquals(Duration.ZERO, three.retryAfter(), limiter.name());

            RateLimitDecision tooMany = limiter.tryAcquire("k", 3);
            assertFalse(tooMany.allowed(), limiter.name());
            assertEquals(2, tooMany.remaining(), limiter.name() + ": a denied call takes nothing");
            assertTrue(tooMany.retryAfter().compareTo(Duration.ZERO) > 0, limiter.name());

            RateLimitDecision two = limiter.tryAcquire("k", 2);
            assertTrue(two.allowed(), limiter.name());
            assertEquals(0, two.remaining(), limiter.name());
        }
    }

    @Test
    void aDeniedCallSucceedsOnceItsRetryAfterHasPassed(RedisTestContext ctx) {
        Duration window = Duration.ofMillis(400);
        Clock clock = Clock.systemUTC();
        RateLimiters limiters = RateLimiters.on(ctx.newClient(), new Namespace(ctx.namespace())).withClock(clock);
        List<RateLimiter> all = List.of(
                limiters.fixedWindow("fw", 3, window),
                limiters.slidingLog("log", 3, window),
                limiters.slidingWindowCounter("swc", 3, window),
                limiters.tokenBucket("tb", 3, 3, window),
                limiters.gcra("gcra", 3, window, 3));
        for (RateLimiter limiter : all) {
            grantsUntilDenied(limiter, "k");
            Instant before = clock.instant();
            RateLimitDecision denied = limiter.tryAcquire("k");
            Instant after = clock.instant();

            assertFalse(denied.allowed(), limiter.name());
            Duration retry = denied.retryAfter();
            assertTrue(retry.compareTo(Duration.ZERO) > 0 && retry.compareTo(window.multipliedBy(2)) <= 0,
                    limiter.name() + ": retryAfter " + retry);
            assertFalse(denied.retryAt().isBefore(before.plus(retry)), limiter.name());
            assertFalse(denied.retryAt().isAfter(after.plus(retry)), limiter.name());

            await().pollDelay(retry).atMost(retry.plusSeconds(5)).until(() -> true);
            assertTrue(limiter.tryAcquire("k").allowed(), limiter.name() + ": still denied after " + retry);
        }
    }

    @Test
    void slidingWindowCounterWeighsThePreviousWindowAfterABoundary(RedisTestContext ctx) {
        RedisClient redis = ctx.newClient();
        long windowMicros = 1_000_000;
        int limit = 100;
        RateLimiter limiter = RateLimiters.on(redis, new Namespace(ctx.namespace()))
                .slidingWindowCounter("swc", limit, Duration.ofMillis(windowMicros / 1000));

        // fill one window completely, starting early in it
        await().pollInterval(Duration.ofMillis(2)).atMost(Duration.ofSeconds(5))
                .until(() -> Math.floorMod(GrantTimes.serverMicros(redis), windowMicros) < 300_000);
        long windowStart = GrantTimes.serverMicros(redis) / windowMicros * windowMicros;
        assertEquals(limit, grantsUntilDenied(limiter, "k"));
        assertTrue(GrantTimes.serverMicros(redis) < windowStart + windowMicros, "filling took a whole window");

        // right after the boundary the previous window still weighs almost fully: a fixed window would
        // grant all 20 calls here, the sliding counter only what the elapsed fraction of the window frees
        long next = windowStart + windowMicros;
        await().pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(3))
                .until(() -> GrantTimes.serverMicros(redis) >= next);
        int early = 0;
        for (int i = 0; i < 20; i++) {
            early += limiter.tryAcquire("k").allowed() ? 1 : 0;
        }
        long elapsed = GrantTimes.serverMicros(redis) - next;
        double freed = (double) limit * elapsed / windowMicros;
        assertTrue(early <= freed + 1, early + " grants " + elapsed + " us into the window, only " + freed + " freed");

        // half way through, about half of the limit is free again
        await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(3))
                .until(() -> GrantTimes.serverMicros(redis) >= next + windowMicros / 2);
        long remaining = limiter.tryAcquire("k").remaining();
        long at = GrantTimes.serverMicros(redis) - next;
        long expectedMax = Math.round((double) limit * at / windowMicros) - early;
        assertTrue(remaining >= limit / 2 - early - 2 && remaining <= expectedMax + 1,
                "remaining " + remaining + " at " + at + " us into the window");
    }

    @Test
    void rejectsImpossibleRequestsAndUnsafeNames(RedisTestContext ctx) {
        RateLimiters limiters = RateLimiters.on(ctx.newClient(), new Namespace(ctx.namespace()));
        RateLimiter limiter = limiters.gcra("api", 10, Duration.ofSeconds(1), 5);
        assertThrows(IllegalArgumentException.class, () -> limiter.tryAcquire("k", 0));
        assertThrows(IllegalArgumentException.class, () -> limiter.tryAcquire("k", 6));
        assertThrows(IllegalArgumentException.class, () -> limiter.tryAcquire("{other}"));
        assertThrows(IllegalArgumentException.class, () -> limiters.fixedWindow("a:b", 1, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> limiters.slidingLog("x", 0, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> limiters.tokenBucket("x", 1, 1, Duration.ZERO));
    }

    static int grantsUntilDenied(RateLimiter limiter, String key) {
        int granted = 0;
        while (limiter.tryAcquire(key).allowed()) {
            granted++;
            if (granted > 10_000) {
                throw new AssertionError(limiter.name() + " never denies");
            }
        }
        return granted;
    }

}
