package dev.capstan.worker;

import dev.capstan.api.LogText;
import dev.capstan.redis.gates.JobGates;
import dev.capstan.api.Job;
import dev.capstan.api.JobError;
import dev.capstan.api.JobHandler;
import dev.capstan.api.UnknownJobTypeException;
import dev.capstan.redis.outage.RedisFailures;
import dev.capstan.redis.queue.FetchedJob;
import dev.capstan.redis.queue.JobSettler;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Decides whether and how one fetched job runs, then hands it to the {@link HandlerInvoker}:
 * unknown types go to the dead set; switched-off types wait or die as configured; throttled types
 * wait in the scheduled set for their limiter; jobs with an idempotency key run under the
 * {@link IdempotencyGuard}. Every job runs with its id, type and queue in the logging MDC.
 */
final class JobRunner {
    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    /** How soon a job of a switched-off type is looked at again. */
    static final Duration SWITCHED_OFF_RECHECK = Duration.ofSeconds(5);

    private final HandlerRegistry handlers;
    private final JobSettler settler;
    private final HandlerInvoker invoker;
    private final AckBatcher acks;
    private final WorkerMetrics metrics;
    private final ClusterStats stats;
    private final JobGates gates;
    private final IdempotencyGuard guard;
    private final ProgressPublisher progress;
    private final Settle settle;
    private final HeldJobs held;

    JobRunner(HandlerRegistry handlers, JobSettler settler, HandlerInvoker invoker, AckBatcher acks, WorkerMetrics metrics,
              ClusterStats stats, JobGates gates, IdempotencyGuard guard, ProgressPublisher progress, Settle settle,
              HeldJobs held) {
        this.handlers = handlers;
        this.settler = settler;
        this.settle = settle;
        this.held = held;
        this.invoker = invoker;
        this.acks = acks;
        this.metrics = metrics;
        this.stats = stats;
        this.gates = gates;
        this.guard = guard;
        this.progress = progress;
    }

    void run(FetchedJob fetched, RunningJobs running) {
        Job job = fetched.job();
        MDC.put("jobId", LogText.escape(job.id()));
        MDC.put("jobType", LogText.escape(job.type()));
        MDC.put("queue", LogText.escape(job.queue()));
        long start = System.nanoTime();
        try {
            switch (runChecked(fetched, running)) {
                case PROCESSED -> {
                    metrics.succeeded(job.queue(), job.type(), System.nanoTime() - start);
                    stats.processed(job.queue(), job.type(), job.metadata());
                }
                case FAILED -> {
                    metrics.failed(job.queue(), job.type(), System.nanoTime() - start);
                    stats.failed(job.queue(), job.type(), job.metadata());
                }
                case DEFERRED -> { } // put aside (switched off, throttled, key busy or done): not a run
            }
        } catch (RuntimeException e) {
            if (RedisFailures.isTransient(e)) {
                // Redis was away before the job could start (its key check): it is still in the processing
                // list and no longer held, so the reconciler returns it to the queue once Redis is back.
                log.warn("job {}: could not start it ({}); it goes back to its queue when Redis is back",
                        LogText.escape(job.id()), RedisFailures.describe(e));
            } else {
                // Nothing above should throw; if it does, the job stays in the processing list (shown in
                // flight) and is pushed back when this worker stops, or returned when it dies.
                log.error("job {}: unexpected error while running it: {}", LogText.escape(job.id()), LogText.escape(e), e);
                held.stuck(fetched.element());
            }
        } finally {
            MDC.clear();
        }
    }

    /** What one pass over a fetched job amounted to, for metrics. */
    enum Outcome { PROCESSED, FAILED, DEFERRED }

    private Outcome runChecked(FetchedJob fetched, RunningJobs running) {
        Job job = fetched.job();
        HandlerRegistry.Registered registered = handlers.find(job.type()).orElse(null);
        if (registered == null) {
            UnknownJobTypeException unknown = new UnknownJobTypeException(job.type());
            log.error("job {}: {}", LogText.escape(job.id()), LogText.escape(unknown.getMessage()));
            settle.write(fetched, () -> settler.dead(fetched, JobError.of(unknown, System.currentTimeMillis())));
            return Outcome.FAILED;
        }
        JobTypeOptions options = registered.options();
        if (gates != null && gates.isSwitchedOff(job.type())) {
            return switchedOff(fetched, options);
        }
        Throttle.Decision permit = null;
        if (options.throttle() != null) {
            Throttle.Decision asked = options.throttle().tryAcquire(job);
            if (!asked.allowed()) {
                // Over the limit: back to the scheduled set until the limiter allows it; no thread waits.
                settle.write(fetched, () -> settler.reschedule(fetched, asked.retryAfter()));
                return Outcome.DEFERRED;
            }
            permit = asked;
        }
        try {
            return runGuarded(fetched, running, registered, pick(registered, job));
        } finally {
            if (permit != null) {
                options.throttle().release(job, permit);
            }
        }
    }

    private Outcome runGuarded(FetchedJob fetched, RunningJobs running, HandlerRegistry.Registered registered,
                               JobHandler<?> handler) {
        Job job = fetched.job();
        RunningJobContext context = new RunningJobContext(job, (p, m) -> progress.publish(job, p, m));
        IdempotencyGuard.Decision decision = null;
        if (job.idempotencyKey() != null && guard != null) {
            decision = guard.begin(fetched);
            switch (decision.kind()) {
                case ALREADY_DONE -> {
                    log.info("job {}: idempotency key {} already completed by job {}; not running it again",
                            LogText.escape(job.id()), LogText.escape(job.idempotencyKey()), LogText.escape(decision.completedBy()));
                    acks.ack(fetched);
                    return Outcome.DEFERRED;
                }
                case BUSY -> {
                    // Another copy holds the key: wait in the scheduled set (the admin API shows it as
                    // waiting for its key) and look again shortly.
                    settle.write(fetched, () -> settler.reschedule(fetched, IdempotencyGuard.BUSY_RETRY));
                    return Outcome.DEFERRED;
                }
                case RUN -> {
                    context.fencingToken(decision.fencingToken());
                    context.keyLock(decision.lockValue()); // a lifecycle job's completion checks it (finish.lua)
                }
            }
        }
        running.started(fetched, context, Thread.currentThread(),
                System.nanoTime() + registered.options().timeout().toNanos());
        try {
            IdempotencyGuard.Decision keyed = decision;
            Runnable acknowledge = keyed == null ? () -> acks.ack(fetched) : () -> {
                if (!guard.complete(keyed)) {
                    context.fence(); // the lock is gone: another copy owns the key, record nothing
                }
            };
            boolean ok = invoker.invoke(fetched, registered.options(), handler, context, acknowledge);
            return ok ? Outcome.PROCESSED : Outcome.FAILED;
        } finally {
            running.finished(fetched);
            if (decision != null) {
                guard.release(decision);
            }
            if (context.progressReported()) {
                progress.clear(job);
            }
        }
    }

    private Outcome switchedOff(FetchedJob fetched, JobTypeOptions options) {
        Job job = fetched.job();
        if (options.whenSwitchedOff() == JobTypeOptions.SwitchedOff.DEAD) {
            settle.write(fetched, () -> settler.dead(fetched, JobError.reason("SwitchedOff",
                    "job type '" + job.type() + "' is switched off; switch it on and retry the job", System.currentTimeMillis())));
            return Outcome.FAILED;
        }
        settle.write(fetched, () -> settler.reschedule(fetched, SWITCHED_OFF_RECHECK));
        return Outcome.DEFERRED;
    }

    private JobHandler<?> pick(HandlerRegistry.Registered registered, Job job) {
        if (registered.newVersion() != null && gates != null && gates.useNewVersion(registered.rolloutFlag(), job.id())) {
            return registered.newVersion();
        }
        return registered.handler();
    }
}
