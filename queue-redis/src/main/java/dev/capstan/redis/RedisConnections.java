package dev.capstan.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Builds the Jedis clients Capstan uses: a single server, Redis Cluster, or a primary behind Sentinel. Two settings matter for correctness:
 * a finite blocking socket timeout (Jedis otherwise waits forever on a blocking command whose
 * server vanished), and a pool large enough for the blocking fetchers plus ordinary commands.
 */
public final class RedisConnections {
    /** Longest a blocking command may wait on the socket; fetchers block for less than this. */
    public static final int BLOCKING_SOCKET_TIMEOUT_MS = 10_000;
    private static final int SOCKET_TIMEOUT_MS = 5_000;
    private static final int POOL_SIZE = 128;
    /** How long a command waits for a free pooled connection before failing (instead of hanging forever). */
    private static final java.time.Duration POOL_WAIT = java.time.Duration.ofSeconds(10);

    private RedisConnections() {}

    /** A pooled client for a single server or a Sentinel-fronted primary given as a URL ({@code redis://host:port/db}). */
    public static UnifiedJedis connect(String url) {
        URI uri = parse(url);
        String host = uri.getHost() == null ? "127.0.0.1" : uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : 6379;
        DefaultJedisClientConfig.Builder config = baseConfig();
        if (uri.getUserInfo() != null) {
            String[] parts = uri.getUserInfo().split(":", 2);
            if (parts.length == 2) {
                if (!parts[0].isEmpty()) {
                    config.user(parts[0]);
                }
                config.password(parts[1]);
            } else {
                config.password(parts[0]);
            }
        }
        if (uri.getPath() != null && uri.getPath().length() > 1) {
            config.database(Integer.parseInt(uri.getPath().substring(1)));
        }
        if ("rediss".equals(uri.getScheme())) {
            config.ssl(true);
        }
        return RedisClient.builder()
                .hostAndPort(host, port)
                .clientConfig(config.build())
                .poolConfig(poolConfig())
                .build();
    }

    private static URI parse(String url) {
        if (url == null) {
            throw new IllegalArgumentException("no Redis URL given (redis://[user:password@]host[:port][/db])");
        }
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            // The parser's own message quotes the whole input, password included: keep only its reason.
            throw new IllegalArgumentException("not a Redis URL (redis://[user:password@]host[:port][/db]): "
                    + RedisUrls.redact(url) + " (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
    }

    /** A client for Redis Cluster, given any of its nodes. */
    public static UnifiedJedis connectCluster(Set<HostAndPort> nodes) {
        JedisClientConfig config = baseConfig().build();
        return RedisClusterClient.builder()
                .nodes(nodes)
                .clientConfig(config)
                .poolConfig(poolConfig())
                .build();
    }

    /**
     * A client for a primary watched by Redis Sentinel: it asks the sentinels where the primary is and
     * follows it when they fail over to a replica.
     */
    public static UnifiedJedis connectSentinel(String primaryName, Set<HostAndPort> sentinels) {
        return redis.clients.jedis.RedisSentinelClient.builder()
                .masterName(primaryName)
                .sentinels(sentinels)
                .clientConfig(baseConfig().build())
                .sentinelClientConfig(DefaultJedisClientConfig.builder()
                        .connectionTimeoutMillis(SOCKET_TIMEOUT_MS).socketTimeoutMillis(SOCKET_TIMEOUT_MS).build())
                .poolConfig(poolConfig())
                .build();
    }

    private static DefaultJedisClientConfig.Builder baseConfig() {
        return DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(SOCKET_TIMEOUT_MS)
                .socketTimeoutMillis(SOCKET_TIMEOUT_MS)
                .blockingSocketTimeoutMillis(BLOCKING_SOCKET_TIMEOUT_MS)
                .clientName("capstan");
    }

    private static GenericObjectPoolConfig<Connection> poolConfig() {
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(POOL_SIZE);
        pool.setMaxIdle(POOL_SIZE);
        pool.setMinIdle(0);
        pool.setMaxWait(POOL_WAIT);
        // A connection broken by a server restart is found and replaced when next borrowed.
        pool.setTestOnBorrow(false);
        pool.setTestWhileIdle(true);
        return pool;
    }
}
