package dev.capstan.redis.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.redis.Namespace;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two limiter instances whose client clocks are 10 minutes ahead and 10 minutes behind hammer the same
 * key: the limit must hold as if both clocks were right, because decisions use only the server clock.
 * Limits here are set so that nothing refills during the run: the total must be exactly the limit.
 */
@ExtendWith(RedisExtension.class)
class RateLimiterClockSkewTest {
    private static final Duration SKEW = Duration.ofMinutes(10);
    private static final Duration HOUR = Duration.ofHours(1);
    private static final int LIMIT = 30;

    @Test
    void fixedWindow(RedisTestContext ctx) throws Exception {
        assertLimitHoldsUnderSkew(ctx, limiters -> limiters.fixedWindow("fw", LIMIT, HOUR));
    }

    @Test
    void slidingLog(RedisTestContext ctx) throws Exception {
        assertLimitHoldsUnderSkew(ctx, limiters -> limiters.slidingLog("log", LIMIT, HOUR));
    }

    @Test
    void slidingWindowCounter(RedisTestContext ctx) throws Exception {
        assertLimitHoldsUnderSkew(ctx, limiters -> limiters.slidingWindowCounter("swc", LIMIT, HOUR));
    }

    @Test
    void tokenBucket(RedisTestContext ctx) throws Exception {
        assertLimitHoldsUnderSkew(ctx, limiters -> limiters.tokenBucket("tb", LIMIT, 1, HOUR));
    }

    @Test
    void gcra(RedisTestContext ctx) throws Exception {
        assertLimitHoldsUnderSkew(ctx, limiters -> limiters.gcra("gcra", 1, HOUR, LIMIT));
    }

    private static void assertLimitHoldsUnderSkew(RedisTestContext ctx, Function<RateLimiters, RateLimiter> create)
            throws Exception {
        Namespace ns = new Namespace(ctx.namespace());
        Clock ahead = Clock.offset(Clock.systemUTC(), SKEW);
        Clock behind = Clock.offset(Clock.systemUTC(), SKEW.negated());
        RateLimiter[] limiters = {
            create.apply(RateLimiters.on(ctx.newClient(), ns).withClock(ahead)),
            create.apply(RateLimiters.on(ctx.newClient(), ns).withClock(behind))
        };
        Clock[] clocks = {ahead, behind};
        long hourBefore = GrantTimes.serverMicros(ctx.newClient()) / 3_600_000_000L;
        AtomicLong allowed = new AtomicLong();
        AtomicReference<String> badRetryAt = new AtomicReference<>();
        Hammer.hammer(16, Duration.ofMillis(600), thread -> {
            int side = thread % 2;
            Instant before = clocks[side].instant();
            RateLimitDecision decision = limiters[side].tryAcquire("tenant-1");
            Instant after = clocks[side].instant();
            if (decision.allowed()) {
                allowed.incrementAndGet();
            } else if (decision.retryAt().isBefore(before.plus(decision.retryAfter()))
                    || decision.retryAt().isAfter(after.plus(decision.retryAfter()))) {
                badRetryAt.set(decision + " from a clock at " + before); // retryAt must follow the skewed clock
            }
        });
        long hourAfter = GrantTimes.serverMicros(ctx.newClient()) / 3_600_000_000L;

        if (hourBefore == hourAfter || !(limiters[0] instanceof FixedWindowRateLimiter
                || limiters[0] instanceof SlidingWindowCounterRateLimiter)) {
            assertEquals(LIMIT, allowed.get(), "grants with client clocks " + SKEW + " apart each way");
        } else {
            // the run crossed an hour boundary: an aligned-window limiter may start its next window
            assertTrue(allowed.get() >= LIMIT && allowed.get() <= 2L * LIMIT, allowed + " grants");
        }
        assertEquals(null, badRetryAt.get());
    }
}
