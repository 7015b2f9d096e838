package dev.capstan.examples.features.ratelimit;

import dev.capstan.examples.DemoRedis;
import dev.capstan.examples.WaitForCtrlC;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.ratelimit.RateLimitDecision;
import dev.capstan.redis.ratelimit.RateLimiter;
import dev.capstan.redis.ratelimit.RateLimiters;
import io.javalin.Javalin;
import java.time.Duration;

/**
 * A rate limiter on an HTTP endpoint: every API key may call {@code /api/*} 5 times per second
 * with bursts of 5, shared by every instance of the service (the limit lives in Redis and is
 * decided on the Redis clock, one round trip per request). Over the limit: 429 with Retry-After.
 *
 * <pre>
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=dev.capstan.examples.features.ratelimit.RateLimitedApi
 * for i in $(seq 8); do curl -s -o /dev/null -w '%{http_code} ' -H 'X-Api-Key: k1' localhost:8092/api/quote; done
 * </pre>
 */
public final class RateLimitedApi {
    private RateLimitedApi() {}

    public static Javalin start(CapstanRedis capstan, int port) {
        RateLimiter perKey = RateLimiters.on(capstan.redis(), capstan.namespace())
                .gcra("quote-api", 5, Duration.ofSeconds(1), 5);   // 5 per second per key, bursts of 5

        return Javalin.create(c -> {
            c.routes.before("/api/*", ctx -> {
                String key = ctx.header("X-Api-Key") != null ? ctx.header("X-Api-Key") : ctx.ip();
                RateLimitDecision decision = perKey.tryAcquire(key.replace('{', '(').replace('}', ')'));
                ctx.header("RateLimit-Remaining", Long.toString(decision.remaining()));
                if (!decision.allowed()) {
                    ctx.header("Retry-After", Long.toString(Math.max(1, decision.retryAfter().toSeconds())));
                    ctx.status(429).result("Too many requests");
                    ctx.skipRemainingHandlers();
                }
            });
            c.routes.get("/api/quote", ctx -> ctx.result("Simplicity is prerequisite for reliability."));
        }).start(port);
    }

    public static void main(String[] args) throws Exception {
        DemoRedis redis = DemoRedis.open();
        CapstanRedis capstan = CapstanRedis.connect(redis.url());
        Javalin app = start(capstan, 8092);
        System.out.println("Try: for i in $(seq 8); do curl -s -o /dev/null -w '%{http_code} ' -H 'X-Api-Key: k1' "
                + "localhost:8092/api/quote; done   (Ctrl-C stops)");
        WaitForCtrlC.thenClose(redis, capstan, app::stop);
    }
}
