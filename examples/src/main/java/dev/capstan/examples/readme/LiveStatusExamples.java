package dev.capstan.examples.readme;

import dev.capstan.redis.Namespace;
import dev.capstan.redis.RedisConnections;
import dev.capstan.redis.livestatus.LiveStatus;
import dev.capstan.redis.livestatus.LiveStatusEvent;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import redis.clients.jedis.UnifiedJedis;

/** The README's live status. */
public final class LiveStatusExamples {
    private LiveStatusExamples() {}

    // tag::live-status[]
    static Map<String, String> liveStatus(UnifiedJedis redis, Consumer<LiveStatusEvent> listener) {
        var live = new LiveStatus(redis, Namespace.DEFAULT);
        try (var subscription = live.subscribe("jobs", listener)) {          // events on this topic, until closed
            live.announce("jobs", "job-42", "40% resizing", Duration.ofSeconds(10));   // gone after 10 s unless repeated
            return live.current("jobs");                                      // {job-42=40% resizing}
        }
    }
    // end::live-status[]

    public static void main(String[] args) {
        try (UnifiedJedis redis = RedisConnections.connect(System.getenv().getOrDefault("REDIS_URL", "redis://localhost:6379"))) {
            System.out.println(liveStatus(redis, System.out::println));
        }
    }
}
