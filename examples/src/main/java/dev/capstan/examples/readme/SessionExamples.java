package dev.capstan.examples.readme;

import dev.capstan.redis.Namespace;
import dev.capstan.redis.RedisConnections;
import dev.capstan.redis.session.Session;
import dev.capstan.redis.session.SessionStore;
import java.time.Duration;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/** The README's sessions. */
public final class SessionExamples {
    private SessionExamples() {}

    // tag::sessions[]
    static Map<String, String> sessions(UnifiedJedis redis) {
        SessionStore sessions = new SessionStore(redis, Namespace.DEFAULT);
        Session s = sessions.create(Map.of("user", "alice"), Duration.ofMinutes(30), Duration.ofHours(12)); // idle, max
        Map<String, String> attributes = sessions.getAndTouch(s.id()).map(Session::attributes).orElse(Map.of());
        String afterLogin = sessions.rotate(s.id()).orElseThrow().id();   // the old id stops working
        sessions.destroy(afterLogin);
        return attributes;                                                // {user=alice}
    }
    // end::sessions[]

    public static void main(String[] args) {
        try (UnifiedJedis redis = RedisConnections.connect(System.getenv().getOrDefault("REDIS_URL", "redis://localhost:6379"))) {
            System.out.println(sessions(redis));
        }
    }
}
