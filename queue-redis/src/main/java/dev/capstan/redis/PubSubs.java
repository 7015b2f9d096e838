package dev.capstan.redis;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import redis.clients.jedis.JedisPubSub;

/**
 * Ends a subscription exactly once. A second UNSUBSCRIBE (for example from {@code close()} and from
 * {@code onSubscribe} racing each other) gets its own reply from Redis after the subscription loop
 * has already returned its connection to the pool, and the next command on that connection then
 * reads that reply as its own. Every Capstan subscriber unsubscribes through here.
 */
public final class PubSubs {
    private static final Map<JedisPubSub, Boolean> ENDED = Collections.synchronizedMap(new WeakHashMap<>());

    private PubSubs() {}

    /** Sends UNSUBSCRIBE for {@code pubSub} the first time only; later calls do nothing. */
    public static void unsubscribeOnce(JedisPubSub pubSub) {
        if (ENDED.putIfAbsent(pubSub, Boolean.TRUE) == null) {
            pubSub.unsubscribe();
        }
    }
}
