package dev.capstan.redis.ratelimit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.redis.Namespace;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/**
 * Token bucket and GCRA under constant demand from 16 threads: after the initial burst, the allowed rate
 * measured against server time must match the configured rate within 5%.
 */
@ExtendWith(RedisExtension.class)
class RateLimiterLongRunRateTest {
    private static final int RATE = 200;
    // a burst of 50 at 200/s tolerates a 250 ms stall of all 16 threads before any permit is lost
    private static final int BURST = 50;
    private static final Duration RUN = Duration.ofSeconds(3);

    @Test
    void tokenBucketHoldsItsRefillRate(RedisTestContext ctx) throws Exception {
        assertRateWithin5Percent(ctx, limiters -> limiters.tokenBucket("tb", BURST, RATE, Duration.ofSeconds(1)));
    }

    @Test
    void gcraHoldsItsRate(RedisTestContext ctx) throws Exception {
        assertRateWithin5Percent(ctx, limiters -> limiters.gcra("gcra", RATE, Duration.ofSeconds(1), BURST));
    }

    private static void assertRateWithin5Percent(RedisTestContext ctx, Function<RateLimiters, RateLimiter> create)
            throws Exception {
        Namespace ns = new Namespace(ctx.namespace());
        RedisClient first = ctx.newClient();
        RateLimiter[] limiters = {
            create.apply(RateLimiters.on(first, ns)), create.apply(RateLimiters.on(ctx.newClient(), ns))
        };
        AtomicLong allowed = new AtomicLong();
        AtomicLong calls = new AtomicLong();
        long start = GrantTimes.serverMicros(first);
        Hammer.hammer(16, RUN, thread -> {
            calls.incrementAndGet();
            if (limiters[thread % 2].tryAcquire("tenant-1").allowed()) {
                allowed.incrementAndGet();
            }
        });
        long elapsedMicros = GrantTimes.serverMicros(first) - start;

        double rate = (allowed.get() - BURST) * 1_000_000.0 / elapsedMicros;
        String figures = allowed.get() + " allowed of " + calls.get() + " calls in " + elapsedMicros / 1000
                + " ms of server time: " + String.format("%.1f", rate) + "/s after the burst, configured " + RATE + "/s";
        System.out.println(limiters[0].getClass().getSimpleName() + ": " + figures);
        assertTrue(Math.abs(rate - RATE) <= RATE * 0.05, figures);
    }
}
