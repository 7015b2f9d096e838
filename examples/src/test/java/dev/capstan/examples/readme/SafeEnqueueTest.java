package dev.capstan.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.api.EnqueueResult;
import dev.capstan.api.JacksonJobCodec;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's safe enqueue runs: the second send of the same request is a no-op. */
@ExtendWith(RedisExtension.class)
class SafeEnqueueTest {

    @Test
    void sendingTheSameRequestTwiceStoresOneJob(RedisTestContext ctx) {
        CapstanRedis capstan = new CapstanRedis(ctx.newClient(), QueueSettings.defaults(new Namespace(ctx.namespace())),
                new JacksonJobCodec());
        assertEquals(new EnqueueResult("confirmation-order-7", EnqueueResult.Outcome.ENQUEUED),
                SafeEnqueue.enqueueConfirmation(capstan.client(), "order-7"));
        assertEquals(new EnqueueResult("confirmation-order-7", EnqueueResult.Outcome.DUPLICATE),
                SafeEnqueue.enqueueConfirmation(capstan.client(), "order-7"));
        assertEquals(1, capstan.admin().queue("default").size());
    }
}
