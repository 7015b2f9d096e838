package dev.capstan.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.api.CancelResult;
import dev.capstan.api.JacksonJobCodec;
import dev.capstan.api.JobStatus;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's lifecycle examples run and do what the README says. */
@ExtendWith(RedisExtension.class)
class LifecycleExampleTest {

    @Test
    void theReadmeExamplesRun(RedisTestContext ctx) throws Exception {
        CapstanRedis capstan = new CapstanRedis(ctx.newClient(), QueueSettings.defaults(new Namespace(ctx.namespace())),
                new JacksonJobCodec());
        LifecycleExample.Seen seen = LifecycleExample.run(capstan);
        assertEquals("acme", seen.receipt().customer());
        assertEquals(4200, seen.receipt().cents());
        assertEquals(true, seen.cancelled() == CancelResult.CANCELLED || seen.cancelled() == CancelResult.CANCEL_REQUESTED);
        assertEquals(JobStatus.State.CANCELLED, seen.state());
        assertEquals(2, seen.batch().succeeded());
        assertEquals(5190, seen.flowTotal());
        assertEquals("CAPSTAN!", seen.chained());
    }
}
