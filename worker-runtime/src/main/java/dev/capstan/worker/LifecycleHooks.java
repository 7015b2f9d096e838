package dev.capstan.worker;

import dev.capstan.api.Job;
import dev.capstan.api.JobCodec;
import dev.capstan.api.LifecycleMetadata;
import dev.capstan.redis.lifecycle.JobLifecycle;
import dev.capstan.redis.lifecycle.LifecycleSettler;
import dev.capstan.redis.queue.FetchedJob;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background component and settle hook through which a worker takes part in job lifecycles, beside
 * the job's path rather than in it: tracked jobs are marked running as they start (learning in the
 * same round trip whether they were cancelled meanwhile, and a flow parent's children's results);
 * jobs that take part in a lifecycle are acknowledged through {@link LifecycleSettler} with their
 * result; and cancel requests reach running jobs through pub/sub, with a check at every heartbeat
 * interval as the safety net for lost messages. A plain job costs a metadata lookup here, nothing in Redis.
 */
final class LifecycleHooks implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LifecycleHooks.class);

    private final JobLifecycle lifecycle;
    private final LifecycleSettler settler;
    private final JobCodec codec;
    private final RunningJobs running;
    private final Duration completionRetention;
    private final Duration checkInterval;
    private AutoCloseable subscription;
    private ScheduledExecutorService timer;

    LifecycleHooks(JobLifecycle lifecycle, JobCodec codec, RunningJobs running, Duration completionRetention,
                   Duration checkInterval) {
        this.lifecycle = lifecycle;
        this.settler = lifecycle.settler();
        this.codec = codec;
        this.running = running;
        this.completionRetention = completionRetention;
        this.checkInterval = checkInterval;
    }

    /** Subscribes to cancel requests and starts the heartbeat-paced safety-net check. */
    synchronized void start() {
        subscription = lifecycle.onCancelRequest(this::cancelIfRunning);
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("capstan-cancel-check").factory());
        timer.scheduleWithFixedDelay(this::checkRequests, checkInterval.toMillis(), checkInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True for jobs whose result is kept (tracked jobs, and flow children, whose parent reads it). */
    boolean keepsResult(Job job) {
        return LifecycleMetadata.involved(job.metadata());
    }

    /**
     * Before the handler runs: a tracked job is marked running. Returns false when the job was
     * cancelled before it started (it is then settled as cancelled and must not run).
     */
    boolean begin(FetchedJob fetched, RunningJobContext context) {
        Job job = fetched.job();
        if (context.isCancelRequested()) {
            Settle.withRetries(() -> settler.cancelled(fetched));
            return false;
        }
        if (!settler.tracked(job)) {
            return true;
        }
        try {
            LifecycleSettler.Start start = settler.start(fetched);
            if (start.cancelRequested()) {
                log.info("job {} was cancelled before it started", job.id());
                Settle.withRetries(() -> settler.cancelled(fetched));
                return false;
            }
            context.children(start.childResults(), start.childFailures(), codec);
        } catch (RuntimeException e) {
            // Only the status is behind: the job runs, and its outcome is recorded as usual.
            log.warn("job {}: could not mark it running ({}); running it anyway", job.id(), e.toString());
        }
        return true;
    }

    /**
     * How a job that returned is acknowledged: as cancelled if that was asked for meanwhile; through
     * the lifecycle settler (status, result, batch, parent, and the idempotency key's completion) for
     * a lifecycle job; else by {@code plain}, the worker's usual acknowledgement.
     */
    Runnable acknowledgement(FetchedJob fetched, RunningJobContext context, Runnable plain) {
        if (context.isCancelRequested()) {
            return () -> settler.cancelled(fetched);
        }
        if (!settler.handles(fetched.job())) {
            return plain;
        }
        Duration completion = fetched.job().idempotencyKey() == null ? null : completionRetention;
        return () -> settler.succeeded(fetched, context.resultJson(), completion);
    }

    /** If the job was asked to stop, settles it as cancelled (not retried) and returns true. */
    boolean endIfCancelled(FetchedJob fetched, RunningJobContext context) {
        if (!context.isCancelRequested()) {
            return false;
        }
        log.info("job {} cancelled while it ran", fetched.job().id());
        Settle.withRetries(() -> settler.cancelled(fetched));
        return true;
    }

    /** Encodes a handler's result for a job that keeps it (see {@link #keepsResult}). */
    String encodeResult(Object result) {
        return result == null ? null : codec.encodeArgs(result);
    }

    private void cancelIfRunning(String jobId) {
        if (running.cancel(jobId)) {
            log.info("job {}: cancellation requested; interrupting it", jobId);
        }
    }

    /** The safety net: cancel requests whose message was lost (subscription down) are found here. */
    private void checkRequests() {
        try {
            for (Map.Entry<String, List<String>> e : running.idsByQueue().entrySet()) {
                for (String id : lifecycle.cancelRequested(e.getKey(), e.getValue())) {
                    cancelIfRunning(id);
                }
            }
        } catch (RuntimeException e) {
            log.debug("cancel request check failed (will try again): {}", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                log.debug("closing the cancel subscription failed: {}", e.toString());
            }
            subscription = null;
        }
    }
}
