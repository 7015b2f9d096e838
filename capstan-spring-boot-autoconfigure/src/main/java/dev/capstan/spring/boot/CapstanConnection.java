package dev.capstan.spring.boot;

import dev.capstan.redis.RedisConnections;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Redis client of the application's Capstan, built from {@code capstan.redis.*}: a single server
 * by URL, Redis Cluster, or a Sentinel-watched primary, each with credentials and TLS (a Spring SSL
 * bundle). Timeouts and pool follow {@link RedisConnections}: a finite blocking timeout, and a pool
 * large enough for blocking fetchers. A holder rather than a {@code UnifiedJedis} bean, so that the
 * application's own Jedis beans are not made ambiguous.
 */
public final class CapstanConnection implements AutoCloseable {
    private static final int SOCKET_TIMEOUT_MS = 5_000;
    private static final int POOL_SIZE = 128;

    private final UnifiedJedis redis;
    private final String description;

    private CapstanConnection(UnifiedJedis redis, String description) {
        this.redis = redis;
        this.description = description;
    }

    public UnifiedJedis redis() {
        return redis;
    }

    /** Where it connects to (no credentials), for logs and health details. */
    public String description() {
        return description;
    }

    static CapstanConnection open(CapstanProperties.Redis props, SslBundles bundles) {
        if (!props.getCluster().getNodes().isEmpty()) {
            Set<HostAndPort> nodes = hostsAndPorts(props.getCluster().getNodes());
            return new CapstanConnection(RedisClusterClient.builder().nodes(nodes)
                    .clientConfig(config(props, null, props.getSsl().isEnabled(), bundles).build())
                    .poolConfig(pool()).build(), "cluster " + nodes);
        }
        if (props.getSentinel().getMaster() != null) {
            Set<HostAndPort> sentinels = hostsAndPorts(props.getSentinel().getNodes());
            DefaultJedisClientConfig.Builder sentinelConfig = DefaultJedisClientConfig.builder()
                    .connectionTimeoutMillis(SOCKET_TIMEOUT_MS).socketTimeoutMillis(SOCKET_TIMEOUT_MS);
            if (props.getSentinel().getPassword() != null) {
                sentinelConfig.password(props.getSentinel().getPassword());
            }
            return new CapstanConnection(RedisSentinelClient.builder().masterName(props.getSentinel().getMaster())
                    .sentinels(sentinels)
                    .clientConfig(config(props, null, props.getSsl().isEnabled(), bundles).build())
                    .sentinelClientConfig(sentinelConfig.build())
                    .poolConfig(pool()).build(), "sentinel primary '" + props.getSentinel().getMaster() + "' via " + sentinels);
        }
        URI uri = URI.create(props.getUrl());
        String host = uri.getHost() == null ? "127.0.0.1" : uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : 6379;
        boolean tls = "rediss".equals(uri.getScheme()) || props.getSsl().isEnabled();
        return new CapstanConnection(RedisClient.builder().hostAndPort(host, port)
                .clientConfig(config(props, uri, tls, bundles).build())
                .poolConfig(pool()).build(), (tls ? "rediss://" : "redis://") + host + ":" + port);
    }

    private static DefaultJedisClientConfig.Builder config(CapstanProperties.Redis props, URI uri, boolean tls,
                                                           SslBundles bundles) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(SOCKET_TIMEOUT_MS)
                .socketTimeoutMillis(SOCKET_TIMEOUT_MS)
                .blockingSocketTimeoutMillis(RedisConnections.BLOCKING_SOCKET_TIMEOUT_MS)
                .clientName("capstan");
        if (uri != null && uri.getUserInfo() != null) {
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
        if (uri != null && uri.getPath() != null && uri.getPath().length() > 1) {
            config.database(Integer.parseInt(uri.getPath().substring(1)));
        }
        if (props.getUsername() != null) {
            config.user(props.getUsername());
        }
        if (props.getPassword() != null) {
            config.password(props.getPassword());
        }
        if (tls) {
            config.ssl(true);
            String bundleName = props.getSsl().getBundle();
            if (bundleName != null) {
                if (bundles == null) {
                    throw new IllegalStateException("capstan.redis.ssl.bundle=" + bundleName + " but no SslBundles bean exists");
                }
                SslBundle bundle = bundles.getBundle(bundleName);
                SSLSocketFactory factory = bundle.createSslContext().getSocketFactory();
                SSLParameters parameters = new SSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS"); // check the server's name against its certificate
                config.sslSocketFactory(factory).sslParameters(parameters);
            }
        }
        return config;
    }

    static Set<HostAndPort> hostsAndPorts(List<String> nodes) {
        Set<HostAndPort> parsed = new LinkedHashSet<>();
        for (String node : nodes) {
            int colon = node.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("a Redis node must be host:port, was '" + node + "'");
            }
            parsed.add(new HostAndPort(node.substring(0, colon).trim(), Integer.parseInt(node.substring(colon + 1).trim())));
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("no Redis nodes given");
        }
        return parsed;
    }

    private static GenericObjectPoolConfig<Connection> pool() {
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(POOL_SIZE);
        pool.setMaxIdle(POOL_SIZE);
        pool.setMinIdle(0);
        pool.setMaxWait(java.time.Duration.ofSeconds(10));
        pool.setTestWhileIdle(true);
        return pool;
    }

    @Override
    public void close() {
        redis.close();
    }
}
