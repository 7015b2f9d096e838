package dev.capstan.worker;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.Job;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When a cancellation reaches a running job's handler, whatever the moment it arrives. */
class RunningJobContextTest {
    private static RunningJobContext context() {
        Job job = new Job("j1", "t", "default", "{}", 0, 1, 0, 0, 0, null, null, Map.of(), 0, null);
        return new RunningJobContext(job, (p, m) -> {});
    }

    @Test
    void aCancellationBeforeTheHandlerBeganInterruptsItAsItBegins() {
        RunningJobContext ctx = context();
        ctx.requestCancel();
        ctx.interruptHandler(Thread.currentThread()); // not in the handler yet: no interrupt now
        assertFalse(Thread.currentThread().isInterrupted());
        ctx.enterHandler();
        assertTrue(Thread.currentThread().isInterrupted(), "the handler starts interrupted, so a wait ends at once");
        assertTrue(ctx.isCancelled());
        ctx.handlerReturned();
        assertFalse(Thread.currentThread().isInterrupted(), "settling happens with a clean interrupt status");
    }

    @Test
    void noInterruptReachesTheThreadOnceTheHandlerLeft() {
        RunningJobContext ctx = context();
        ctx.enterHandler();
        ctx.handlerReturned();
        ctx.requestCancel();
        ctx.interruptHandler(Thread.currentThread());
        assertFalse(Thread.currentThread().isInterrupted(), "the settle step's Redis I/O is not broken by a late cancel");
    }
}
