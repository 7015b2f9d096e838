package dev.capstan.worker;

import dev.capstan.api.JacksonJobCodec;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.RedisConnections;
import dev.capstan.redis.queue.QueueSettings;
import redis.clients.jedis.UnifiedJedis;

/**
 * A worker {@code main} written the way users write it: start the worker and return. The process
 * must stay up and keep working. Args: redis-url namespace. Its handler "effect" records
 * HINCRBY ns:effects N 1.
 */
public final class ReturningWorkerMain {
    public static void main(String[] args) {
        UnifiedJedis redis = RedisConnections.connect(args[0]);
        Namespace ns = new Namespace(args[1]);
        CapstanRedis capstan = new CapstanRedis(redis, QueueSettings.defaults(ns), new JacksonJobCodec());
        String effects = ns.plain("effects");
        Worker.builder(capstan)
                .handler(TestHandlers.handler("effect", (a, ctx) -> redis.hincrBy(effects, Integer.toString(a.n()), 1)))
                .build().start().closeOnShutdown();
        System.out.println("main returned");
    }
}
