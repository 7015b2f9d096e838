package dev.capstan.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Jedis;

/**
 * A real Redis Cluster of primaries on loopback, built without redis-cli: each node starts with
 * cluster mode on, gets an equal share of the 16,384 slots (CLUSTER ADDSLOTS, available since 3.0),
 * and meets the others; ready once every node reports {@code cluster_state:ok}.
 */
public final class RedisClusterProcess implements AutoCloseable {
    private static final int SLOTS = 16_384;
    private final List<RedisServerProcess> nodes = new ArrayList<>();
    private final JedisClientConfig setupConfig;

    private RedisClusterProcess(JedisClientConfig setupConfig) {
        this.setupConfig = setupConfig;
    }

    public static RedisClusterProcess start(int primaries) {
        // RESP2 as the plain Jedis constructors use: a builder's default asks for auto-negotiation, which a
        // Jedis connection logs a WARN about on every connect (the set-up polls each node until the cluster is ok).
        RedisClusterProcess cluster = new RedisClusterProcess(DefaultJedisClientConfig.builder().autoNegotiateProtocol(false).build());
        try {
            for (int i = 0; i < primaries; i++) {
                cluster.nodes.add(RedisServerProcess.start("--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000"));
            }
            cluster.assignSlotsAndMeet();
            cluster.awaitOk(Duration.ofSeconds(30));
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * A cluster whose nodes speak TLS only (clients and the cluster bus, with {@code certs}) and know
     * one ACL user, {@code user} with {@code password}, allowed everything; the default user is off.
     */
    public static RedisClusterProcess startSecured(int primaries, TestCertificates certs, String user, String password) {
        RedisClusterProcess cluster = new RedisClusterProcess(DefaultJedisClientConfig.builder()
                .ssl(true).sslSocketFactory(certs.clientContext().getSocketFactory())
                .user(user).password(password).autoNegotiateProtocol(false).build());
        try {
            for (int i = 0; i < primaries; i++) {
                cluster.nodes.add(RedisServerProcess.startTls(certs, "--cluster-enabled", "yes", "--tls-cluster", "yes",
                        "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000",
                        "--user", "default", "off", "--user", user, "on", ">" + password, "~*", "&*", "+@all"));
            }
            cluster.assignSlotsAndMeet();
            cluster.awaitOk(Duration.ofSeconds(30));
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Addresses of all nodes, for a cluster client. */
    public Set<HostAndPort> nodes() {
        Set<HostAndPort> addresses = new LinkedHashSet<>();
        nodes.forEach(n -> addresses.add(new HostAndPort(n.host(), n.port())));
        return addresses;
    }

    public List<RedisServerProcess> processes() {
        return List.copyOf(nodes);
    }

    private void assignSlotsAndMeet() {
        int n = nodes.size();
        for (int i = 0; i < n; i++) {
            int from = i * SLOTS / n;
            int to = (i + 1) * SLOTS / n;
            try (Jedis jedis = connect(nodes.get(i))) {
                jedis.clusterAddSlots(IntStream.range(from, to).toArray());
            }
        }
        try (Jedis first = connect(nodes.get(0))) {
            for (int i = 1; i < n; i++) {
                first.clusterMeet(nodes.get(i).host(), nodes.get(i).port());
            }
        }
    }

    private void awaitOk(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean allOk = true;
            for (RedisServerProcess node : nodes) {
                try (Jedis jedis = connect(node)) {
                    allOk &= jedis.clusterInfo().contains("cluster_state:ok");
                }
            }
            if (allOk) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // gossip needs a moment; nothing to wait on
        }
        throw new IllegalStateException("the test cluster did not reach cluster_state:ok within " + timeout);
    }

    private Jedis connect(RedisServerProcess node) {
        return new Jedis(new HostAndPort(node.host(), node.port()), setupConfig);
    }

    @Override
    public void close() {
        nodes.forEach(RedisServerProcess::kill);
    }
}
