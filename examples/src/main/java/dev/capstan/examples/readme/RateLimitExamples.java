package dev.capstan.examples.readme;

import dev.capstan.redis.Namespace;
import dev.capstan.redis.RedisConnections;
import dev.capstan.redis.ratelimit.ConcurrencyLimiter;
import dev.capstan.redis.ratelimit.RateLimitDecision;
import dev.capstan.redis.ratelimit.RateLimiter;
import dev.capstan.redis.ratelimit.RateLimiters;
import java.time.Duration;
import redis.clients.jedis.UnifiedJedis;

/** The README's rate limiter and concurrency limit, as an API endpoint would use them. */
public final class RateLimitExamples {
    private RateLimitExamples() {}

    // tag::rate-limiters[]
    static String startExport(UnifiedJedis redis, String tenantId) {
        RateLimiters limiters = RateLimiters.on(redis, Namespace.DEFAULT);
        RateLimiter api = limiters.gcra("api", 200, Duration.ofSeconds(1), 50);     // 200/s, bursts of 50
        RateLimitDecision d = api.tryAcquire(tenantId);
        if (!d.allowed()) {
            return "429 Too Many Requests, Retry-After: " + (d.retryAfter().toSeconds() + 1);
        }
        ConcurrencyLimiter exports = limiters.concurrency("exports", 4, Duration.ofMinutes(2)); // 4 at once per tenant
        return exports.tryAcquire(tenantId).map(permit -> {
            try {
                return "200 OK, export done";   // the export runs here; extend(permit) if it outlives the lease
            } finally {
                exports.release(permit);
            }
        }).orElse("429 Too Many Requests, 4 exports running");
    }
    // end::rate-limiters[]

    public static void main(String[] args) {
        try (UnifiedJedis redis = RedisConnections.connect(System.getenv().getOrDefault("REDIS_URL", "redis://localhost:6379"))) {
            System.out.println(startExport(redis, "tenant-1"));
        }
    }
}
