package dev.capstan.examples;

import dev.capstan.api.JacksonJobCodec;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.testsupport.RedisTestContext;

/** A CapstanRedis on the test's real Redis, in the test's own namespace. */
public final class TestCapstan {
    private TestCapstan() {}

    public static CapstanRedis of(RedisTestContext ctx) {
        return new CapstanRedis(ctx.newClient(), QueueSettings.defaults(new Namespace(ctx.namespace())), new JacksonJobCodec());
    }
}
