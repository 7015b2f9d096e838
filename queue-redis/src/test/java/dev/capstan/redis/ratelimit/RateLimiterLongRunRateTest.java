package dev.capstan.redis.ratelimit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.redis.Namespace;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/**
 * Token bucket and GCRA under constant demand from 16 threads: after the initial burst, the allowed rate
 * measured against server time must match the configured rate within 5%.
 *
 * <p>On a loaded machine the demand itself can pause (all 16 threads descheduled). A pause longer than
 * the burst takes to refill (BURST / RATE) lets permits go unused that no limiter could have granted,
 * so the lower bound counts those as granted; the upper bound is checked as measured.
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
        ConcurrentLinkedQueue<Long> callTimes = new ConcurrentLinkedQueue<>();
        long start = GrantTimes.serverMicros(first);
        long startNanos = System.nanoTime();
        Hammer.hammer(16, RUN, thread -> {
            calls.incrementAndGet();
            callTimes.add(System.nanoTime());
            if (limiters[thread % 2].tryAcquire("tenant-1").allowed()) {
                allowed.incrementAndGet();
            }
        });
        long endNanos = System.nanoTime();
        long elapsedMicros = GrantTimes.serverMicros(first) - start;

        double rate = (allowed.get() - BURST) * 1_000_000.0 / elapsedMicros;
        double unusable = unusablePermits(callTimes, startNanos, endNanos);
        double rateWithPauses = (allowed.get() + unusable - BURST) * 1_000_000.0 / elapsedMicros;
        String figures = allowed.get() + " allowed of " + calls.get() + " calls in " + elapsedMicros / 1000
                + " ms of server time: " + String.format("%.1f", rate) + "/s after the burst, configured " + RATE
                + "/s; " + String.format("%.1f", unusable) + " permits fell in pauses of the demand";
        System.out.println(limiters[0].getClass().getSimpleName() + ": " + figures);
        assertTrue(rate <= RATE * 1.05, "over the limit: " + figures);
        assertTrue(rateWithPauses >= RATE * 0.95, "under the limit: " + figures);
    }

    /** Permits that came due while nobody asked for longer than the burst takes to refill. */
    private static double unusablePermits(ConcurrentLinkedQueue<Long> callTimes, long startNanos, long endNanos) {
        long[] times = callTimes.stream().mapToLong(Long::longValue).sorted().toArray();
        long refillNanos = BURST * 1_000_000_000L / RATE;
        double lost = 0;
        long previous = startNanos;
        for (int i = 0; i <= times.length; i++) {
            long next = i < times.length ? times[i] : endNanos;
            long gap = next - previous;
            if (gap > refillNanos) {
                lost += (gap - refillNanos) * RATE / 1e9;
            }
            previous = next;
        }
        return lost;
    }
}
