package dev.capstan.redis.pubsub;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.pool2.impl.GenericObjectPool;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.Pool;

/**
 * Opens a new connection that belongs to its caller alone, configured as the client's pooled ones
 * (address, credentials, database, TLS, client name, timeouts), but never taken from nor given back
 * to a pool: a subscription owns it and closes it when it ends, so nothing a subscription leaves
 * unread (a late PONG, an UNSUBSCRIBE reply) can ever become another command's reply.
 *
 * <p>Works with the clients {@link dev.capstan.redis.RedisConnections} builds: a single server
 * ({@link RedisClient}), the current primary behind Sentinel ({@link RedisSentinelClient}, asked
 * again on every open, so a failover is followed), and Redis Cluster ({@link RedisClusterClient},
 * {@link JedisCluster}): classic pub/sub is broadcast over the whole cluster, so a subscription
 * connects to one node, trying the nodes in turn from a different one on each attempt.
 */
final class DedicatedConnections {
    private DedicatedConnections() {}

    /** A connected connection of the client's kind; {@code attempt} rotates through cluster nodes. */
    static Connection open(UnifiedJedis redis, long attempt) {
        List<Pool<Connection>> candidates = pools(redis);
        RuntimeException last = null;
        for (int i = 0; i < candidates.size(); i++) {
            Pool<Connection> pool = candidates.get((int) ((attempt + i) % candidates.size()));
            try {
                return fresh(pool);
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw last != null ? last : new IllegalStateException("no Redis node known to subscribe to");
    }

    private static List<Pool<Connection>> pools(UnifiedJedis redis) {
        if (redis instanceof RedisClient single) {
            return List.of(single.getPool());
        }
        if (redis instanceof RedisSentinelClient sentinel) {
            HostAndPort primary = sentinel.getCurrentMaster();
            Map<?, Pool<Connection>> pools = sentinel.getPrimaryNodesConnectionMap();
            Pool<Connection> current = pools.get(primary);
            return current != null ? List.of(current) : new ArrayList<>(pools.values());
        }
        if (redis instanceof RedisClusterClient cluster) {
            return new ArrayList<>(cluster.getClusterNodes().values());
        }
        if (redis instanceof JedisCluster cluster) {
            return new ArrayList<>(cluster.getClusterNodes().values());
        }
        throw new IllegalArgumentException("cannot open a dedicated pub/sub connection for a "
                + redis.getClass().getName() + "; use a client built by RedisConnections (RedisClient, "
                + "RedisSentinelClient, RedisClusterClient)");
    }

    /** Made by the pool's own factory (so configured as its connections), but not borrowed from it. */
    private static Connection fresh(Pool<Connection> pool) {
        GenericObjectPool<Connection> generic = pool;
        try {
            Connection connection = generic.getFactory().makeObject().getObject();
            if (!connection.isConnected()) {
                connection.connect();
            }
            return connection;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not open a pub/sub connection: " + e, e);
        }
    }
}
