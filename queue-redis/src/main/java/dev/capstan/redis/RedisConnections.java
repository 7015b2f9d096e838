package dev.capstan.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
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

    /**
     * A pooled client for a single server given as a URL: {@code redis://host:port/db}, with
     * {@code redis://user:password@host} for an ACL user, {@code redis://:password@host} for the
     * default user's password, and {@code rediss://} for TLS (trusting the JDK's trust store, with the
     * server's certificate checked against the host name).
     */
    public static UnifiedJedis connect(String url) {
        return connect(url, RedisClientOptions.fromUrl(url));
    }

    /**
     * Like {@link #connect(String)}, with credentials and TLS from {@code options} instead of the URL
     * (for a TLS context of your own: {@code RedisClientOptions.fromUrl(url).tls(sslContext)}). The URL
     * gives host, port and database.
     */
    public static UnifiedJedis connect(String url, RedisClientOptions options) {
        URI uri = parse(url);
        String host = uri.getHost() == null ? "127.0.0.1" : uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : 6379;
        DefaultJedisClientConfig.Builder config = options.applyTo(baseConfig());
        if (uri.getPath() != null && uri.getPath().length() > 1) {
            config.database(Integer.parseInt(uri.getPath().substring(1)));
        }
        return RedisClient.builder()
                .hostAndPort(host, port)
                .clientConfig(config.build())
                .poolConfig(poolConfig())
                .build();
    }

    /** Parses a Redis URL; an unparsable one is refused with its password masked. */
    static URI parse(String url) {
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

    /** A client for Redis Cluster, given any of its nodes (no credentials, no TLS). */
    public static UnifiedJedis connectCluster(Set<HostAndPort> nodes) {
        return connectCluster(nodes, RedisClientOptions.none());
    }

    /**
     * A client for Redis Cluster, given any of its nodes, authenticating and speaking TLS to every node
     * as {@code options} say (the nodes it learns of from the cluster too).
     */
    public static UnifiedJedis connectCluster(Set<HostAndPort> nodes, RedisClientOptions options) {
        return RedisClusterClient.builder()
                .nodes(nodes)
                .clientConfig(options.applyTo(baseConfig()).build())
                .poolConfig(poolConfig())
                .build();
    }

    /**
     * A client for a primary watched by Redis Sentinel: it asks the sentinels where the primary is and
     * follows it when they fail over to a replica. No credentials, no TLS.
     */
    public static UnifiedJedis connectSentinel(String primaryName, Set<HostAndPort> sentinels) {
        return connectSentinel(primaryName, sentinels, RedisClientOptions.none(), RedisClientOptions.none());
    }

    /**
     * Like {@link #connectSentinel(String, Set)}, with credentials and TLS for the primary (and its
     * replicas after a failover) in {@code primary}, and for the Sentinels themselves in {@code sentinel}
     * (Sentinels have their own users and passwords; often the same TLS settings).
     */
    public static UnifiedJedis connectSentinel(String primaryName, Set<HostAndPort> sentinels,
                                               RedisClientOptions primary, RedisClientOptions sentinel) {
        return redis.clients.jedis.RedisSentinelClient.builder()
                .masterName(primaryName)
                .sentinels(sentinels)
                .clientConfig(primary.applyTo(baseConfig()).build())
                .sentinelClientConfig(sentinel.applyTo(DefaultJedisClientConfig.builder()
                        .connectionTimeoutMillis(SOCKET_TIMEOUT_MS).socketTimeoutMillis(SOCKET_TIMEOUT_MS)).build())
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
