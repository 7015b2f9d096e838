package dev.capstan.examples.readme;

import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.RedisClientOptions;
import dev.capstan.redis.RedisConnections;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.api.JacksonJobCodec;
import java.nio.file.Path;
import java.util.Set;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.UnifiedJedis;

/**
 * Connecting to a Redis that wants an ACL user and TLS: one server by URL, a Cluster, a primary behind
 * Sentinel (the README's Security section shows the middle part). Environment: {@code REDIS_MODE}
 * (url, cluster or sentinel), {@code REDIS_HOST}, {@code REDIS_PORT}, {@code REDIS_USER},
 * {@code REDIS_PASSWORD}, {@code REDIS_CA} (the CA's PEM file); prints the size of queue "default".
 */
public final class SecuredRedis {
    private SecuredRedis() {}

    public static void main(String[] args) {
        String mode = System.getenv().getOrDefault("REDIS_MODE", "url");
        HostAndPort node = new HostAndPort(System.getenv().getOrDefault("REDIS_HOST", "127.0.0.1"),
                Integer.parseInt(System.getenv().getOrDefault("REDIS_PORT", "6379")));
        Set<HostAndPort> clusterNodes = Set.of(node);
        Set<HostAndPort> sentinelNodes = Set.of(node);
        String user = System.getenv().getOrDefault("REDIS_USER", "capstan");
        String password = System.getenv("REDIS_PASSWORD");
        String sentinelPassword = System.getenv().getOrDefault("SENTINEL_PASSWORD", password);
        Path caPem = Path.of(System.getenv().getOrDefault("REDIS_CA", "ca.crt"));
        // tag::secured[]
        RedisClientOptions options = RedisClientOptions.none()
                .credentials(user, password)     // an ACL user (Redis 6+); .password(p) for requirepass
                .tls(caPem);                     // trust your CA's PEM file; .tls() for the JDK's trust store
        UnifiedJedis redis = switch (mode) {
            case "cluster" -> RedisConnections.connectCluster(clusterNodes, options);
            case "sentinel" -> RedisConnections.connectSentinel("mymaster", sentinelNodes, options,
                    RedisClientOptions.none().credentials("sentinel-user", sentinelPassword).tls(caPem));
            default -> RedisConnections.connect("rediss://" + node, options);   // the URL gives host and port
        };
        // end::secured[]
        try (CapstanRedis capstan = new CapstanRedis(redis, QueueSettings.defaults(), new JacksonJobCodec())) {
            System.out.println("queue default: " + capstan.admin().queue("default").size() + " waiting");
        } finally {
            redis.close();
        }
    }
}
