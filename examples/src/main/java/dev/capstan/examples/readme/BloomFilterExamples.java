package dev.capstan.examples.readme;

import dev.capstan.redis.Namespace;
import dev.capstan.redis.RedisConnections;
import dev.capstan.redis.bloom.BloomFilter;
import java.util.Arrays;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/** The README's Bloom filter. */
public final class BloomFilterExamples {
    private BloomFilterExamples() {}

    // tag::bloom[]
    static boolean[] seenUrls(UnifiedJedis redis) {
        var seen = new BloomFilter(redis, Namespace.DEFAULT, "seen-urls", 1_000_000, 0.01); // 1M items, 1% false positives
        seen.add("https://a.example", "https://b.example");
        // A "false" is certain; a "true" may be a false positive.
        return seen.mightContainAll(List.of("https://a.example", "https://c.example"));
    }
    // end::bloom[]

    public static void main(String[] args) {
        try (UnifiedJedis redis = RedisConnections.connect(System.getenv().getOrDefault("REDIS_URL", "redis://localhost:6379"))) {
            System.out.println(Arrays.toString(seenUrls(redis)));
        }
    }
}
