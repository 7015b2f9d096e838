package dev.capstan.redis.ratelimit;

/**
 * A rate limiter with an independent limit per key (e.g. a tenant id, a user, an IP address).
 *
 * <p>Every implementation decides in ONE Lua script (one round trip, atomic) using only the Redis
 * server clock, so any number of clients on any number of machines share one limit per key, whatever
 * their own clocks say. All state of one key lives under one hash tag (one cluster slot).
 * Implementations are immutable and thread-safe; create them with {@link RateLimiters}. The algorithms and their trade-offs:
 * <ul>
 *   <li>{@link FixedWindowRateLimiter}: one counter per aligned window; cheapest, but up to 2x the limit
 *       across a window boundary.</li>
 *   <li>{@link SlidingLogRateLimiter}: exact in every sliding window; memory grows with the limit.</li>
 *   <li>{@link SlidingWindowCounterRateLimiter}: two counters, O(1) memory, approximate.</li>
 *   <li>{@link TokenBucketRateLimiter}: bursts up to a capacity, refilled at a steady rate.</li>
 *   <li>{@link GcraRateLimiter}: the same shape as a token bucket in one integer per key.</li>
 * </ul>
 */
public interface RateLimiter {

    /** The limiter's name; limiters of the same algorithm and name share their state. */
    String name();

    /** Permits per window, bucket capacity, or GCRA burst: the most a single key can get at once. */
    long limit();

    /** Asks for one permit for {@code key}. */
    default RateLimitDecision tryAcquire(String key) {
        return tryAcquire(key, 1);
    }

    /**
     * Asks for {@code permits} permits for {@code key}, all or nothing: a denied call takes none.
     *
     * @throws IllegalArgumentException if {@code permits} is below 1 or above {@link #limit()} (such a
     *                                  call could never succeed), or the key contains braces
     */
    RateLimitDecision tryAcquire(String key, int permits);
}
