package dev.capstan.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * What one test gets from {@link RedisExtension}: the shared real Redis server, a client to it,
 * and a namespace of its own so that its keys never meet another test's.
 */
public final class RedisTestContext implements AutoCloseable {
    private static final AtomicLong COUNTER = new AtomicLong();

    private final RedisEndpoint endpoint;
    private final String namespace;
    private final List<RedisClient> clients = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    RedisTestContext(RedisEndpoint endpoint) {
        this.endpoint = endpoint;
        this.namespace = "t" + COUNTER.incrementAndGet() + "x"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
    }

    public RedisEndpoint endpoint() {
        return endpoint;
    }

    public String url() {
        return endpoint.url();
    }

    /** A namespace unique to this test; every key the test creates starts with it. */
    public String namespace() {
        return namespace;
    }

    /**
     * A new pooled client to the test's server, closed after the test. The pool is as large as
     * production's (a worker holds several connections: subscribers, blocking fetchers, job threads).
     */
    public synchronized RedisClient newClient() {
        org.apache.commons.pool2.impl.GenericObjectPoolConfig<redis.clients.jedis.Connection> pool =
                new org.apache.commons.pool2.impl.GenericObjectPoolConfig<>();
        pool.setMaxTotal(128);
        pool.setMaxIdle(128);
        pool.setMaxWait(java.time.Duration.ofSeconds(10));
        RedisClient client = RedisClient.builder().hostAndPort(endpoint.host(), endpoint.port())
                .clientConfig(redis.clients.jedis.DefaultJedisClientConfig.builder()
                        .blockingSocketTimeoutMillis(10_000).socketTimeoutMillis(5_000).build())
                .poolConfig(pool).build();
        clients.add(client);
        return client;
    }

    /** Closes {@code resource} after the test, before the test's keys are deleted. */
    public synchronized <T extends AutoCloseable> T closeAfter(T resource) {
        closeables.add(resource);
        return resource;
    }

    /** Keys of this test's namespace (for assertions that nothing was left behind). */
    public Set<String> keys() {
        try (RedisClient client = RedisClient.builder().hostAndPort(endpoint.host(), endpoint.port()).build()) {
            Set<String> keys = new java.util.TreeSet<>();
            String cursor = ScanParams.SCAN_POINTER_START;
            ScanParams params = new ScanParams().match(namespace + ":*").count(1000);
            do {
                ScanResult<String> page = client.scan(cursor, params);
                keys.addAll(page.getResult());
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            return keys;
        }
    }

    @Override
    public synchronized void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception ignored) {
                // a test resource that fails to close must not hide the test's own result
            }
        }
        try (RedisClient client = RedisClient.builder().hostAndPort(endpoint.host(), endpoint.port()).build()) {
            for (String key : keys()) {
                client.del(key);
            }
        } catch (RuntimeException ignored) {
            // the server may have been stopped by the test itself
        }
        clients.forEach(RedisClient::close);
    }
}
