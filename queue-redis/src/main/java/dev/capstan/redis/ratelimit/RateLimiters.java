package dev.capstan.redis.ratelimit;

import dev.capstan.redis.Namespace;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import redis.clients.jedis.UnifiedJedis;

/**
 * Creates rate and concurrency limiters on one Redis connection and namespace:
 * <pre>{@code
 * RateLimiters limiters = RateLimiters.on(redis, ns);
 * RateLimiter api = limiters.gcra("api", 200, Duration.ofSeconds(1), 50);
 * RateLimitDecision d = api.tryAcquire(tenantId);
 * }</pre>
 * Immutable; {@link #withClock} returns a copy whose limiters use another client clock (for
 * {@link RateLimitDecision#retryAt()} and {@link Permit#leaseExpiresAt()} only: decisions always use
 * the Redis server clock).
 */
public final class RateLimiters {
    private final UnifiedJedis redis;
    private final Namespace ns;
    private final Clock clock;

    private RateLimiters(UnifiedJedis redis, Namespace ns, Clock clock) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.ns = Objects.requireNonNull(ns, "ns");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public static RateLimiters on(UnifiedJedis redis, Namespace ns) {
        return new RateLimiters(redis, ns, Clock.systemUTC());
    }

    public RateLimiters withClock(Clock clock) {
        return new RateLimiters(redis, ns, clock);
    }

    /** At most {@code limit} permits per aligned window; see {@link FixedWindowRateLimiter}. */
    public FixedWindowRateLimiter fixedWindow(String name, long limit, Duration window) {
        return new FixedWindowRateLimiter(redis, ns, name, limit, window, clock);
    }

    /** At most {@code limit} permits in any sliding window, exactly; see {@link SlidingLogRateLimiter}. */
    public SlidingLogRateLimiter slidingLog(String name, long limit, Duration window) {
        return new SlidingLogRateLimiter(redis, ns, name, limit, window, clock);
    }

    /** About {@code limit} permits per sliding window; see {@link SlidingWindowCounterRateLimiter}. */
    public SlidingWindowCounterRateLimiter slidingWindowCounter(String name, long limit, Duration window) {
        return new SlidingWindowCounterRateLimiter(redis, ns, name, limit, window, clock);
    }

    /**
     * Bursts of up to {@code capacity}, refilled at {@code refillTokens} per {@code refillPeriod}; see
     * {@link TokenBucketRateLimiter}.
     */
    public TokenBucketRateLimiter tokenBucket(String name, long capacity, long refillTokens, Duration refillPeriod) {
        return new TokenBucketRateLimiter(redis, ns, name, capacity, refillTokens, refillPeriod, clock);
    }

    /** {@code rate} permits per {@code period}, bursts of up to {@code burst}; see {@link GcraRateLimiter}. */
    public GcraRateLimiter gcra(String name, long rate, Duration period, long burst) {
        return new GcraRateLimiter(redis, ns, name, rate, period, burst, clock);
    }

    /** At most {@code maxPermits} concurrent holders per key, each under a lease; see {@link ConcurrencyLimiter}. */
    public ConcurrencyLimiter concurrency(String name, int maxPermits, Duration lease) {
        return new ConcurrencyLimiter(redis, ns, name, maxPermits, lease, clock);
    }
}
