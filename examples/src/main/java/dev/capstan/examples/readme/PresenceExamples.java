package dev.capstan.examples.readme;

import dev.capstan.redis.Namespace;
import dev.capstan.redis.RedisConnections;
import dev.capstan.redis.presence.Presence;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/** The README's presence example (a group of API servers, not Capstan's own "workers" group). */
public final class PresenceExamples {
    private PresenceExamples() {}

    // tag::presence[]
    static List<String> presence(UnifiedJedis redis) {
        Presence servers = new Presence(redis, Namespace.DEFAULT, "api-servers");
        servers.heartbeat("api-3", Duration.ofSeconds(20), Map.of("region", "eu", "busy", "4")); // repeat within 20 s
        List<String> online = servers.online();                      // [api-3, ...]
        List<String> quiet = servers.silent(Duration.ofMinutes(5));  // went quiet in the last five minutes
        servers.leave("api-3");                                      // clean shutdown
        return online;
    }
    // end::presence[]

    public static void main(String[] args) {
        try (UnifiedJedis redis = RedisConnections.connect(System.getenv().getOrDefault("REDIS_URL", "redis://localhost:6379"))) {
            System.out.println("online: " + presence(redis));
        }
    }
}
