package dev.capstan.redis.ratelimit;

import dev.capstan.redis.Namespace;

/**
 * Key naming for limiters: every (limiter, key) pair is its own hash tag {@code {name:key}}, so the keys
 * of different tenants spread over the cluster while all keys of one decision share one slot.
 */
final class LimiterKeys {
    private LimiterKeys() {}

    /** Limiter names may not contain ':' so that {@code name:key} can never be read two ways. */
    static String requireName(String name) {
        Namespace.requireTaggable(name);
        if (name.indexOf(':') >= 0) {
            throw new IllegalArgumentException("invalid limiter name '" + name + "': ':' is not allowed");
        }
        return name;
    }

    static String key(Namespace ns, String name, String key, String... parts) {
        Namespace.requireTaggable(key);
        return ns.tagged(name + ":" + key, parts);
    }
}
