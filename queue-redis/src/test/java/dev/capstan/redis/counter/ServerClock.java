package dev.capstan.redis.counter;

import java.nio.charset.StandardCharsets;
import java.util.List;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;

/** Test helper: the Redis server's clock, and running a step inside one server-time bucket. */
final class ServerClock {
    private ServerClock() {}

    static long seconds(UnifiedJedis redis) {
        List<?> time = (List<?>) redis.sendCommand(Protocol.Command.TIME);
        return Long.parseLong(new String((byte[]) time.get(0), StandardCharsets.UTF_8));
    }

    interface Step {
        void run(long bucketStart, int attempt);
    }

    /**
     * Runs {@code step} with the start of the current server bucket, again (with the next attempt
     * number, for fresh key names) if the bucket changed while it ran, at most three times.
     */
    static void withinOneBucket(UnifiedJedis redis, Resolution resolution, Step step) {
        for (int attempt = 0; attempt < 3; attempt++) {
            long before = resolution.bucketStart(seconds(redis));
            step.run(before, attempt);
            if (resolution.bucketStart(seconds(redis)) == before) {
                return;
            }
        }
        throw new AssertionError("the server's " + resolution + " bucket changed during each of three attempts");
    }
}
