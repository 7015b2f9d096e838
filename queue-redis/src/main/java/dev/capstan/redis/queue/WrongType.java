package dev.capstan.redis.queue;

import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Recognises Redis' WRONGTYPE error: a key of the queue holds another type than Capstan writes there
 * (something else wrote it). It concerns that one key, unlike LOADING or READONLY, which concern
 * the whole server; code that goes over many queues skips the broken one and carries on.
 */
final class WrongType {
    private WrongType() {}

    static boolean is(JedisDataException e) {
        return e.getMessage() != null && e.getMessage().startsWith("WRONGTYPE");
    }
}
