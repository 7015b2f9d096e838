package dev.capstan.redis.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.SafeEncoder;

/**
 * Records the granted calls of a test with bounds on the Redis server time at which each was decided,
 * so that tests can count grants per window in server time without trusting any single clock: a call
 * issued at local time b and answered at local time a was decided at server time within
 * [b + minOffset, a + maxOffset], the offsets (server minus local) bracketed by sampling TIME.
 * Counts only include grants CERTAINLY inside a window, so a count above the limit is a real violation.
 */
final class GrantTimes {
    private final long minOffset;
    private final long maxOffset;
    private final ConcurrentLinkedQueue<long[]> grants = new ConcurrentLinkedQueue<>();

    private GrantTimes(long minOffset, long maxOffset) {
        this.minOffset = minOffset;
        this.maxOffset = maxOffset;
    }

    static GrantTimes measure(UnifiedJedis redis) {
        long lo = Long.MIN_VALUE;
        long hi = Long.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            long before = localMicros();
            long server = serverMicros(redis);
            long after = localMicros();
            lo = Math.max(lo, server - after);
            hi = Math.min(hi, server - before);
        }
        return new GrantTimes(lo, hi);
    }

    static long serverMicros(UnifiedJedis redis) {
        List<?> time = (List<?>) redis.sendCommand(Protocol.Command.TIME);
        return Long.parseLong(SafeEncoder.encode((byte[]) time.get(0))) * 1_000_000
                + Long.parseLong(SafeEncoder.encode((byte[]) time.get(1)));
    }

    static long localMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    /** Runs one call and records it if granted. */
    RateLimitDecision record(Supplier<RateLimitDecision> call) {
        long before = localMicros();
        RateLimitDecision decision = call.get();
        long after = localMicros();
        if (decision.allowed()) {
            grants.add(new long[] {before + minOffset, after + maxOffset});
        }
        return decision;
    }

    int count() {
        return grants.size();
    }

    /** Most grants certainly inside one window [s, s + length) over all s. */
    int maxInSlidingWindow(Duration length) {
        long width = length.toNanos() / 1_000;
        List<long[]> sorted = new ArrayList<>(grants);
        sorted.sort(Comparator.comparingLong(g -> g[0]));
        int max = 0;
        for (int i = 0; i < sorted.size(); i++) {
            long end = sorted.get(i)[0] + width;
            int inside = 0;
            for (int j = i; j < sorted.size() && sorted.get(j)[0] < end; j++) {
                if (sorted.get(j)[1] < end) {
                    inside++;
                }
            }
            max = Math.max(max, inside);
        }
        return max;
    }

    /** Most grants certainly inside one window aligned to multiples of {@code length} since the epoch. */
    int maxInAlignedWindow(Duration length) {
        long width = length.toNanos() / 1_000;
        Map<Long, Integer> perWindow = new HashMap<>();
        for (long[] grant : grants) {
            long window = Math.floorDiv(grant[0], width);
            if (Math.floorDiv(grant[1], width) == window) {
                perWindow.merge(window, 1, Integer::sum);
            }
        }
        return perWindow.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** How much uncertainty each recorded time carries at least (for messages). */
    Duration offsetUncertainty() {
        return Duration.of(maxOffset - minOffset, ChronoUnit.MICROS);
    }
}
