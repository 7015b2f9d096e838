package dev.capstan.worker;

import dev.capstan.api.LogText;
import dev.capstan.api.Job;
import dev.capstan.api.JobCodec;
import dev.capstan.api.JobDecodeException;
import dev.capstan.api.JobError;
import dev.capstan.api.JobHandler;
import dev.capstan.api.JobOutcome;
import dev.capstan.api.ResultHandler;
import dev.capstan.redis.queue.FetchedJob;
import dev.capstan.redis.queue.JobSettler;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one handler on the current thread: decodes the arguments, applies the middleware chain and
 * the type's timeout, and settles the job by the outcome: success or discard acknowledge it; an
 * exception fails the attempt (retry or dead by the type's policy; a run past the timeout, which
 * the worker's timeout timer interrupts, fails as a {@link JobTimeoutException}); {@code SendToDead} and
 * {@code RetryLater} do what they say; undecodable arguments send it to the dead set.
 */
final class HandlerInvoker {
    private static final Logger log = LoggerFactory.getLogger(HandlerInvoker.class);

    private final List<ExecutionMiddleware> middleware;
    private final JobCodec codec;
    private final JobSettler settler;
    private final Settle settle;
    private final LifecycleHooks lifecycle;

    HandlerInvoker(List<ExecutionMiddleware> middleware, JobCodec codec, JobSettler settler, Settle settle,
                   LifecycleHooks lifecycle) {
        this.middleware = List.copyOf(middleware);
        this.codec = codec;
        this.settler = settler;
        this.settle = settle;
        this.lifecycle = lifecycle;
    }

    /** Returns true when the job succeeded (or was discarded or rescheduled), false when it failed. */
    boolean invoke(FetchedJob fetched, JobTypeOptions options, JobHandler<?> handler, RunningJobContext context,
                   Runnable acknowledge) {
        FetchedJob effective = withOptions(fetched, options);
        Job job = effective.job();
        if (!lifecycle.begin(effective, context)) {
            context.handlerReturned();
            return true; // cancelled before it started: settled as cancelled, not run
        }
        Object args;
        try {
            args = codec.decodeArgs(job.args(), handler.argsType());
        } catch (JobDecodeException e) {
            context.handlerReturned();
            log.error("job {}: arguments do not decode, moving it to the dead set: {}", LogText.escape(job.id()),
                    LogText.escape(e.getMessage()));
            settle.write(effective, () -> settler.dead(effective, JobError.of(e, System.currentTimeMillis())));
            return false;
        }
        try {
            context.enterHandler();
            try {
                chain(handler, args, job, context, 0);
            } finally {
                context.handlerReturned(); // from here on nothing interrupts this thread: it writes the outcome
            }
            if (fencedOff(effective, context)) {
                return false;
            }
            settle.write(effective, lifecycle.acknowledgement(effective, context, acknowledge));
            return !fencedOff(effective, context); // a keyed job whose lock was lost at completion
        } catch (JobOutcome.Discard d) {
            Thread.interrupted(); // settle with a clean interrupt status: an interrupted thread cannot do I/O
            if (fencedOff(effective, context)) {
                return false;
            }
            log.info("job {} discarded by its handler: {}", LogText.escape(job.id()), LogText.escape(d.getMessage()));
            settle.write(effective, lifecycle.acknowledgement(effective, context, acknowledge));
            return !fencedOff(effective, context);
        } catch (JobOutcome.SendToDead d) {
            Thread.interrupted(); // settle with a clean interrupt status: an interrupted thread cannot do I/O
            if (fencedOff(effective, context) || lifecycle.endIfCancelled(effective, context)) {
                return false;
            }
            settle.write(effective, () -> settler.dead(effective,
                    JobError.reason("SentToDead", d.getMessage(), System.currentTimeMillis())));
            return false;
        } catch (JobOutcome.RetryLater r) {
            Thread.interrupted(); // settle with a clean interrupt status: an interrupted thread cannot do I/O
            if (fencedOff(effective, context) || lifecycle.endIfCancelled(effective, context)) {
                return false;
            }
            settle.write(effective, () -> settler.reschedule(effective, r.delay()));
            return true;
        } catch (Throwable t) {
            Thread.interrupted(); // settle with a clean interrupt status: an interrupted thread cannot do I/O
            if (fencedOff(effective, context)) {
                return false;
            }
            if (lifecycle.endIfCancelled(effective, context)) {
                return false; // cancelled: not a failure, not retried
            }
            if (context.isShuttingDown() && !context.isTimedOut()) {
                // Left in the processing list: the worker pushes it back to the front of its queue.
                log.info("job {} interrupted by shutdown; it goes back to its queue", LogText.escape(job.id()));
                return false;
            }
            Throwable error = context.isTimedOut() ? new JobTimeoutException(job.type(), options.timeout()) : t;
            boolean[] retried = new boolean[1];
            settle.write(effective, () -> retried[0] = settler.fail(effective, error, options.retryPolicy()));
            log.warn("job {} failed (attempt {} of {}), {}: {}", LogText.escape(job.id()), job.nextAttemptNumber(), job.maxAttempts(),
                    retried[0] ? "will retry" : "moved to the dead set", LogText.escape(error));
            return false;
        } finally {
            Thread.interrupted(); // clear an interrupt from the watchdog that came after the handler returned
        }
    }

    /**
     * A fenced-off copy records no outcome: the job was returned by the reaper (this worker's heartbeat
     * lapsed) or its key lock was lost, so another copy owns it. It goes back to its queue only if it is
     * still in this worker's processing list (the script moves it only then).
     */
    private boolean fencedOff(FetchedJob job, RunningJobContext context) {
        if (!context.isFenced()) {
            return false;
        }
        log.warn("job {} was fenced off while it ran (its worker's heartbeat lapsed or its idempotency key's lock "
                + "was lost): its outcome is not recorded; another copy runs it", LogText.escape(job.job().id()));
        settle.write(job, () -> settler.requeue(List.of(job)));
        return true;
    }

    @SuppressWarnings("unchecked")
    private void chain(JobHandler<?> handler, Object args, Job job, RunningJobContext context, int index) throws Exception {
        if (index == middleware.size()) {
            if (handler instanceof ResultHandler<?, ?> producing && lifecycle.keepsResult(job)) {
                // Encoded here, inside the attempt: a result that cannot be written fails the attempt with the reason.
                context.resultJson(lifecycle.encodeResult(((ResultHandler<Object, ?>) producing).run(args, context)));
            } else {
                ((JobHandler<Object>) handler).handle(args, context);
            }
            return;
        }
        middleware.get(index).around(job, context, () -> chain(handler, args, job, context, index + 1));
    }

    private static FetchedJob withOptions(FetchedJob fetched, JobTypeOptions options) {
        if (options.maxAttempts() <= 0 || options.maxAttempts() == fetched.job().maxAttempts()) {
            return fetched;
        }
        Job j = fetched.job();
        Job adjusted = new Job(j.id(), j.type(), j.queue(), j.args(), j.attempt(), options.maxAttempts(), j.createdAt(),
                j.enqueuedAt(), j.runAt(), j.idempotencyKey(), j.dedupKey(), j.metadata(), j.recoveries(), j.lastError());
        return new FetchedJob(fetched.queue(), fetched.workerId(), fetched.element(), adjusted);
    }
}
