package dev.capstan.scheduler;

import java.nio.charset.StandardCharsets;
import java.util.List;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Redis server's clock as seen from this process: the scripts decide what is due by the
 * server's {@code TIME}, so sleeping toward a due time must use the same clock, or a process whose
 * clock runs ahead would wake too early and spin. Keeps an estimate of (server - local) milliseconds,
 * measured with {@code TIME} (half the round trip is taken as the one-way delay) and refreshed every
 * {@code refreshEveryMillis}. Precision is a few milliseconds; that is all sleeping needs.
 */
public final class ServerClock {
    private final UnifiedJedis redis;
    private final String routingKey;
    private final long refreshEveryMillis;
    private volatile long offsetMillis;
    private volatile long measuredAt; // 0 = never: the first use measures

    /** {@code routingKey} picks the cluster node asked for the time (any key; it is not read). */
    public ServerClock(UnifiedJedis redis, String routingKey, long refreshEveryMillis) {
        this.redis = redis;
        this.routingKey = routingKey;
        this.refreshEveryMillis = refreshEveryMillis;
    }

    /** The server's current time in epoch ms (estimated; measures first if the estimate is stale). */
    public long nowMillis() {
        refreshIfStale();
        return System.currentTimeMillis() + offsetMillis;
    }

    /** Server-time minus local-time, in ms, as last measured. */
    public long offsetMillis() {
        refreshIfStale();
        return offsetMillis;
    }

    /** The local time at which the server's clock will read {@code serverMillis}. */
    public long toLocal(long serverMillis) {
        refreshIfStale();
        return serverMillis - offsetMillis;
    }

    private void refreshIfStale() {
        long now = System.currentTimeMillis();
        if (now - measuredAt < refreshEveryMillis) {
            return;
        }
        try {
            offsetMillis = measure();
            measuredAt = System.currentTimeMillis();
        } catch (RuntimeException e) {
            // Keep the last estimate (0 at first): the clock is only a sleeping aid, never a correctness input.
            measuredAt = now;
        }
    }

    @SuppressWarnings("unchecked")
    long measure() {
        long before = System.currentTimeMillis();
        List<Object> reply = (List<Object>) redis.sendCommand(routingKey, Protocol.Command.TIME);
        long after = System.currentTimeMillis();
        long seconds = Long.parseLong(text(reply.get(0)));
        long micros = Long.parseLong(text(reply.get(1)));
        long server = seconds * 1000 + micros / 1000;
        return server - (before + after) / 2;
    }

    private static String text(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.US_ASCII) : String.valueOf(o);
    }
}
