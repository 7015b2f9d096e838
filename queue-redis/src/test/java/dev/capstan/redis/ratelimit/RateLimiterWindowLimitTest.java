package dev.capstan.redis.ratelimit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.redis.Namespace;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/**
 * 16 threads on two clients (two limiter instances, as two processes would be) hammer ONE key; the
 * grants counted per window in server time must never exceed what the algorithm promises.
 */
@ExtendWith(RedisExtension.class)
class RateLimiterWindowLimitTest {
    private static final int THREADS = 16;
    private static final Duration RUN = Duration.ofMillis(1800);
    private static final Duration WINDOW = Duration.ofMillis(250);
    private static final int LIMIT = 40;

    @Test
    void fixedWindowNeverGrantsMoreThanTheLimitPerAlignedWindow(RedisTestContext ctx) throws Exception {
        Run run = hammer(ctx, limiters -> limiters.fixedWindow("fw", LIMIT, WINDOW));

        assertBelow(run.grants.maxInAlignedWindow(WINDOW), LIMIT, "grants in one aligned window", run);
        // the documented weakness: across a boundary a sliding window may see twice the limit, never more
        assertBelow(run.grants.maxInSlidingWindow(WINDOW), 2 * LIMIT, "grants in one sliding window", run);
        assertBelow(run.grants.count(), LIMIT * run.alignedWindowsTouched(WINDOW), "total grants", run);
        assertSaturated(run, LIMIT * run.elapsedWindows(WINDOW));
    }

    @Test
    void slidingLogNeverGrantsMoreThanTheLimitInAnySlidingWindow(RedisTestContext ctx) throws Exception {
        Run run = hammer(ctx, limiters -> limiters.slidingLog("log", LIMIT, WINDOW));

        // the log works in whole milliseconds: two grants less than (window - 1 ms) apart are in one window
        assertBelow(run.grants.maxInSlidingWindow(WINDOW.minusMillis(1)), LIMIT, "grants in one sliding window", run);
        assertSaturated(run, LIMIT * run.elapsedWindows(WINDOW));
    }

    @Test
    void slidingWindowCounterHoldsItsApproximationBounds(RedisTestContext ctx) throws Exception {
        Run run = hammer(ctx, limiters -> limiters.slidingWindowCounter("swc", LIMIT, WINDOW));

        // exact: an aligned window never exceeds the limit (the current counter alone is held to it)
        assertBelow(run.grants.maxInAlignedWindow(WINDOW), LIMIT, "grants in one aligned window", run);
        // approximate: the documented worst case for a sliding window is twice the limit
        assertBelow(run.grants.maxInSlidingWindow(WINDOW.minusMillis(1)), 2 * LIMIT, "grants in one sliding window", run);
        assertSaturated(run, LIMIT * run.elapsedWindows(WINDOW));
    }

    @Test
    void tokenBucketNeverGrantsMoreThanCapacityPlusRefill(RedisTestContext ctx) throws Exception {
        int capacity = 20;
        int perSecond = 100;
        Run run = hammer(ctx, limiters -> limiters.tokenBucket("tb", capacity, perSecond, Duration.ofSeconds(1)));

        for (Duration window : new Duration[] {WINDOW, Duration.ofSeconds(1)}) {
            long bound = capacity + perSecond * window.toMillis() / 1000;
            assertBelow(run.grants.maxInSlidingWindow(window), bound, "grants in " + window, run);
        }
        assertSaturated(run, perSecond * run.elapsedMicros / 1_000_000.0);
    }

    @Test
    void gcraNeverGrantsMoreThanBurstPlusRate(RedisTestContext ctx) throws Exception {
        int burst = 20;
        int perSecond = 100;
        Run run = hammer(ctx, limiters -> limiters.gcra("gcra", perSecond, Duration.ofSeconds(1), burst));

        for (Duration window : new Duration[] {WINDOW, Duration.ofSeconds(1)}) {
            long bound = burst + perSecond * window.toMillis() / 1000;
            assertBelow(run.grants.maxInSlidingWindow(window), bound, "grants in " + window, run);
        }
        assertSaturated(run, perSecond * run.elapsedMicros / 1_000_000.0);
    }

    private record Run(GrantTimes grants, long startMicros, long elapsedMicros) {
        long alignedWindowsTouched(Duration window) {
            long width = window.toMillis() * 1000;
            return Math.floorDiv(startMicros + elapsedMicros, width) - Math.floorDiv(startMicros, width) + 1;
        }

        double elapsedWindows(Duration window) {
            return elapsedMicros / (window.toMillis() * 1000.0);
        }

        @Override
        public String toString() {
            return grants.count() + " grants in " + elapsedMicros / 1000 + " ms (time uncertainty "
                    + grants.offsetUncertainty().toNanos() / 1000 + " us)";
        }
    }

    private static Run hammer(RedisTestContext ctx, Function<RateLimiters, RateLimiter> create) throws Exception {
        Namespace ns = new Namespace(ctx.namespace());
        RedisClient first = ctx.newClient();
        RateLimiter[] limiters = {
            create.apply(RateLimiters.on(first, ns)), create.apply(RateLimiters.on(ctx.newClient(), ns))
        };
        GrantTimes grants = GrantTimes.measure(first);
        long start = GrantTimes.serverMicros(first);
        Hammer.hammer(THREADS, RUN, thread -> grants.record(() -> limiters[thread % 2].tryAcquire("tenant-1")));
        long end = GrantTimes.serverMicros(first);
        return new Run(grants, start, end - start);
    }

    private static void assertBelow(long actual, long bound, String what, Run run) {
        System.out.println(what + ": " + actual + " (bound " + bound + "); " + run);
        assertTrue(actual <= bound, what + ": " + actual + " > " + bound + "; " + run);
    }

    /** The limiter must not simply deny: under constant demand it grants at least half its allowance. */
    private static void assertSaturated(Run run, double allowance) {
        assertTrue(run.grants.count() >= allowance / 2, "only " + run + " for an allowance of " + allowance);
    }
}
