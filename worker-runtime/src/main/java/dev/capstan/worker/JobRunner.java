package dev.capstan.worker;

import dev.capstan.api.Job;
import dev.capstan.api.JobCodec;
import dev.capstan.api.JobDecodeException;
import dev.capstan.api.JobError;
import dev.capstan.api.JobHandler;
import dev.capstan.api.JobOutcome;
import dev.capstan.api.UnknownJobTypeException;
import dev.capstan.redis.queue.FetchedJob;
import dev.capstan.redis.queue.JobSettler;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one fetched job through the middleware chain and its handler, and settles it: acknowledged
 * on success or discard, retried or dead on failure by its type's policy, rescheduled on "retry
 * later", dead at once when its type is unknown or its arguments do not decode.
 */
final class JobRunner {
    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final HandlerRegistry handlers;
    private final List<ExecutionMiddleware> middleware;
    private final JobCodec codec;
    private final JobSettler settler;
    private final AckBatcher acks;
    private final ScheduledExecutorService watchdog;
    private final WorkerMetrics metrics;
    private final ProgressPublisher progress;

    JobRunner(HandlerRegistry handlers, List<ExecutionMiddleware> middleware, JobCodec codec, JobSettler settler,
              AckBatcher acks, ScheduledExecutorService watchdog, WorkerMetrics metrics, ProgressPublisher progress) {
        this.handlers = handlers;
        this.middleware = List.copyOf(middleware);
        this.codec = codec;
        this.settler = settler;
        this.acks = acks;
        this.watchdog = watchdog;
        this.metrics = metrics;
        this.progress = progress;
    }

    void run(FetchedJob fetched, RunningJobs running) {
        Job job = fetched.job();
        MDC.put("jobId", job.id());
        MDC.put("jobType", job.type());
        MDC.put("queue", job.queue());
        long start = System.nanoTime();
        try {
            HandlerRegistry.Registered registered = handlers.find(job.type()).orElse(null);
            if (registered == null) {
                UnknownJobTypeException unknown = new UnknownJobTypeException(job.type());
                log.error("job {}: {}", job.id(), unknown.getMessage());
                settle(() -> settler.dead(fetched, JobError.of(unknown, System.currentTimeMillis())));
                metrics.failed(job.queue(), job.type(), System.nanoTime() - start);
                return;
            }
            FetchedJob effective = withOptions(fetched, registered.options());
            RunningJobContext context = new RunningJobContext(job, (p, m) -> progress.publish(job, p, m));
            running.started(fetched, context, Thread.currentThread());
            try {
                execute(effective, registered, context);
            } finally {
                running.finished(fetched);
                progress.clear(job);
            }
            metrics.succeeded(job.queue(), job.type(), System.nanoTime() - start);
        } catch (Failed failed) {
            metrics.failed(job.queue(), job.type(), System.nanoTime() - start);
        } finally {
            MDC.clear();
        }
    }

    private void execute(FetchedJob fetched, HandlerRegistry.Registered registered, RunningJobContext context) {
        Job job = fetched.job();
        Object args;
        try {
            args = codec.decodeArgs(job.args(), registered.handler().argsType());
        } catch (JobDecodeException e) {
            log.error("job {}: arguments do not decode, moving it to the dead set: {}", job.id(), e.getMessage());
            settle(() -> settler.dead(fetched, JobError.of(e, System.currentTimeMillis())));
            throw new Failed();
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        Thread runner = Thread.currentThread();
        long timeoutMs = registered.options().timeout().toMillis();
        ScheduledFuture<?> timer = watchdog.schedule(() -> {
            timedOut.set(true);
            context.cancel();
            runner.interrupt();
        }, timeoutMs, TimeUnit.MILLISECONDS);
        try {
            invoke(registered.handler(), args, job, context, 0);
            timer.cancel(false);
            acks.ack(fetched);
        } catch (JobOutcome.Discard d) {
            timer.cancel(false);
            log.info("job {} discarded by its handler: {}", job.id(), d.getMessage());
            acks.ack(fetched);
        } catch (JobOutcome.SendToDead d) {
            timer.cancel(false);
            settle(() -> settler.dead(fetched, JobError.reason("SentToDead", d.getMessage(), System.currentTimeMillis())));
            throw new Failed();
        } catch (JobOutcome.RetryLater r) {
            timer.cancel(false);
            settle(() -> settler.reschedule(fetched, r.delay()));
        } catch (Throwable t) {
            timer.cancel(false);
            if (context.isShuttingDown() && !timedOut.get()) {
                // Left in the processing list: the worker pushes it back to the front of its queue.
                log.info("job {} interrupted by shutdown; it goes back to its queue", job.id());
                return;
            }
            Throwable error = timedOut.get() ? new JobTimeoutException(job.type(), registered.options().timeout()) : t;
            boolean retried = settleFailure(fetched, error, registered.options());
            log.warn("job {} failed (attempt {} of {}), {}: {}", job.id(), job.attempt() + 1, fetched.job().maxAttempts(),
                    retried ? "will retry" : "moved to the dead set", error.toString());
            throw new Failed();
        } finally {
            Thread.interrupted(); // clear an interrupt from the watchdog that came after the handler returned
        }
    }

    @SuppressWarnings("unchecked")
    private void invoke(JobHandler<?> handler, Object args, Job job, RunningJobContext context, int index) throws Exception {
        if (index == middleware.size()) {
            ((JobHandler<Object>) handler).handle(args, context);
            return;
        }
        middleware.get(index).around(job, context, () -> invoke(handler, args, job, context, index + 1));
    }

    private boolean settleFailure(FetchedJob fetched, Throwable error, JobTypeOptions options) {
        boolean[] retried = new boolean[1];
        settle(() -> retried[0] = settler.fail(fetched, error, options.retryPolicy()));
        return retried[0];
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

    /**
     * Settling writes to Redis; if Redis is away, keep trying for a while. A job whose settlement
     * finally fails stays in the processing list and is returned by the reaper once this worker
     * stops: it may run again, it is not lost.
     */
    private static void settle(Runnable write) {
        long backoff = 50;
        for (int attempt = 1; ; attempt++) {
            try {
                write.run();
                return;
            } catch (RuntimeException e) {
                if (attempt >= 8) {
                    log.error("could not record a job's outcome in Redis after {} tries: {}", attempt, e.toString());
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff));
                backoff = Math.min(2000, backoff * 2);
            }
        }
    }

    /** Marks a run that ended in failure, for metrics. */
    private static final class Failed extends RuntimeException {
        Failed() {
            super(null, null, false, false);
        }
    }
}
