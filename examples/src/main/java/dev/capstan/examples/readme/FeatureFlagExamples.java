package dev.capstan.examples.readme;

import dev.capstan.redis.Namespace;
import dev.capstan.redis.RedisConnections;
import dev.capstan.redis.flags.FeatureFlags;
import redis.clients.jedis.UnifiedJedis;

/** The README's feature flags. */
public final class FeatureFlagExamples {
    private FeatureFlagExamples() {}

    // tag::flags[]
    static FeatureFlags openFlags(UnifiedJedis redis) {
        FeatureFlags flags = new FeatureFlags(redis, Namespace.DEFAULT);   // one per process: it caches and subscribes
        flags.addListener(name -> System.out.println("flag " + name + " changed"));
        flags.enable("new-checkout");
        flags.setRollout("new-checkout", 25);          // 25% of users, the same ones everywhere
        flags.deny("new-checkout", "user-13");
        return flags;                                  // close() it at shutdown
    }

    static boolean newCheckoutFor(FeatureFlags flags, String userId) {
        return flags.isEnabledFor("new-checkout", userId);   // from the local cache: no round trip
    }
    // end::flags[]

    public static void main(String[] args) {
        try (UnifiedJedis redis = RedisConnections.connect(System.getenv().getOrDefault("REDIS_URL", "redis://localhost:6379"))) {
            try (FeatureFlags flags = openFlags(redis)) {
                System.out.println("user-1 sees the new checkout: " + newCheckoutFor(flags, "user-1"));
            }
        }
    }
}
