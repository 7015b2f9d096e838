package dev.capstan.dashboard;

import dev.capstan.redis.ratelimit.GcraRateLimiter;
import dev.capstan.redis.ratelimit.RateLimitDecision;
import dev.capstan.redis.ratelimit.RateLimiters;
import java.time.Duration;
import java.util.Optional;

/**
 * {@link LoginThrottle} on Capstan's Redis rate limiters (GCRA, decided in Redis on the server
 * clock): the counts are shared by every dashboard instance on the same Redis and namespace, and
 * survive restarts. Limiter names start with {@code dashboard-login-}.
 */
public final class RedisLoginThrottle implements LoginThrottle {
    private final LoginThrottle policy;

    /** With the default {@link LoginLimits}, e.g. {@code new RedisLoginThrottle(RateLimiters.on(capstan.redis(), capstan.namespace()))}. */
    public RedisLoginThrottle(RateLimiters limiters) {
        this(limiters, LoginLimits.defaults());
    }

    public RedisLoginThrottle(RateLimiters limiters, LoginLimits limits) {
        this.policy = new TieredLoginThrottle(limit(limiters, "dashboard-login-address", limits.perAddress()),
                limit(limiters, "dashboard-login-user", limits.perUser()),
                limit(limiters, "dashboard-login-user-address", limits.perUserAndAddress()));
    }

    private static TieredLoginThrottle.KeyedLimit limit(RateLimiters limiters, String name, LoginLimits.Limit limit) {
        GcraRateLimiter gcra = limiters.gcra(name, limit.rate(), limit.period(), limit.burst());
        return key -> {
            RateLimitDecision d = gcra.tryAcquire(key);
            return d.allowed() ? Optional.<Duration>empty() : Optional.of(d.retryAfter());
        };
    }

    @Override
    public Optional<Duration> admit(String clientAddress, String userName) {
        return policy.admit(clientAddress, userName);
    }
}
