package dev.capstan.examples.readme;

import dev.capstan.redis.Namespace;
import dev.capstan.redis.RedisConnections;
import dev.capstan.redis.counter.Resolution;
import dev.capstan.redis.counter.TimeSeriesCounter;
import dev.capstan.redis.counter.UniqueCounter;
import java.time.Duration;
import java.time.Instant;
import java.util.NavigableMap;
import redis.clients.jedis.UnifiedJedis;

/** The README's counters. */
public final class CounterExamples {
    private CounterExamples() {}

    // tag::counters[]
    static long counters(UnifiedJedis redis) {
        var processed = new TimeSeriesCounter(redis, Namespace.DEFAULT);
        processed.increment("emails", 1);
        NavigableMap<Instant, Long> lastHour = processed.recent("emails", Resolution.MINUTE, 60); // zero-filled

        var visitors = new UniqueCounter(redis, Namespace.DEFAULT); // day buckets, kept 90 days
        visitors.add("visitors", "user-1", "user-2");
        return visitors.countRange("visitors", Instant.now().minus(Duration.ofDays(6)), Instant.now()); // this week
    }
    // end::counters[]

    public static void main(String[] args) {
        try (UnifiedJedis redis = RedisConnections.connect(System.getenv().getOrDefault("REDIS_URL", "redis://localhost:6379"))) {
            System.out.println("visitors this week: " + counters(redis));
        }
    }
}
