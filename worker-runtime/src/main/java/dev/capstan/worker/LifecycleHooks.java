package dev.capstan.worker;

import dev.capstan.api.Job;
import dev.capstan.api.JobCodec;
import dev.capstan.api.LifecycleMetadata;
import dev.capstan.api.LogText;
import dev.capstan.redis.lifecycle.JobLifecycle;
import dev.capstan.redis.lifecycle.LifecycleSettler;
import dev.capstan.redis.outage.OutageLog;
import dev.capstan.redis.outage.RedisFailures;
import dev.capstan.redis.pubsub.Subscription;
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
 * result; and cancel requests reach running jobs through pub/sub (a {@link Subscription} with a
 * connection of its own), with a check at every heartbeat interval, and right after a resubscription,
 * as the safety net for lost messages. A plain job costs a metadata lookup here, nothing in Redis.
 * Outcomes are written through the worker's {@link Settle}, so they follow its outage handling and
 * its shutdown deadline.
 */
final class LifecycleHooks implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LifecycleHooks.class);
    private static final Duration SUBSCRIBE_WAIT = Duration.ofSeconds(5);

    private final JobLifecycle lifecycle;
    private final LifecycleSettler settler;
    private final JobCodec codec;
    private final RunningJobs running;
    private final Settle settle;
    private final Duration completionRetention;
    private final Duration checkInterval;
    private final OutageLog marking = new OutageLog("marking tracked jobs running", log);
    private Subscription subscription;
    private ScheduledExecutorService timer;

    LifecycleHooks(JobLifecycle lifecycle, JobCodec codec, RunningJobs running, Settle settle, Duration completionRetention,
                   Duration checkInterval) {
        this.lifecycle = lifecycle;
        this.settler = lifecycle.settler();
        this.codec = codec;
        this.running = running;
        this.settle = settle;
        this.completionRetention = completionRetention;
        this.checkInterval = checkInterval;
    }

    /** Subscribes to cancel requests and starts the heartbeat-paced safety-net check. */
    synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("capstan-cancel-check").factory());
        timer.scheduleWithFixedDelay(this::checkRequests, checkInterval.toMillis(), checkInterval.toMillis(), TimeUnit.MILLISECONDS);
        ScheduledExecutorService checker = timer;
        // After a resubscription, requests published while it was down were missed: look at once (off the
        // subscription's thread, which must stay quick).
        subscription = lifecycle.onCancelRequest(this::cancelIfRunning, () -> {
            try {
                checker.execute(this::checkRequests);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                // the worker is stopping: nothing left to cancel
            }
        });
        // Not confirmed in time (Redis away): the subscription keeps trying and the timer check covers the gap.
        subscription.awaitSubscribed(SUBSCRIBE_WAIT);
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
            settle.write(fetched, () -> settler.cancelled(fetched));
            return false;
        }
        if (!settler.tracked(job)) {
            return true;
        }
        try {
            LifecycleSettler.Start start = settler.start(fetched);
            if (start.cancelRequested()) {
                log.info("job {} was cancelled before it started", LogText.escape(job.id()));
                settle.write(fetched, () -> settler.cancelled(fetched));
                return false;
            }
            context.children(start.childResults(), start.childFailures(), codec);
            marking.succeeded();
        } catch (RuntimeException e) {
            // Only the status is behind: the job runs, and its outcome is recorded as usual. An outage is
            // logged once (not once per job); any other failure names the job.
            if (RedisFailures.isTransient(e)) {
                marking.failed(e, "tracked jobs run anyway and their status catches up when they finish");
            } else {
                log.warn("job {}: could not mark it running ({}); running it anyway", LogText.escape(job.id()),
                        LogText.escape(e.getMessage()));
            }
        }
        return true;
    }

    /**
     * How a job that returned is acknowledged: as cancelled if that was asked for meanwhile; through
     * the lifecycle settler (status, result, batch, parent, and the idempotency key's completion, only
     * while this copy still holds the key's lock) for a lifecycle job; else by {@code plain}, the
     * worker's usual acknowledgement. A keyed lifecycle job whose lock was lost is fenced off, as
     * {@code IdempotencyGuard.complete} does for plain jobs: nothing is recorded.
     */
    Runnable acknowledgement(FetchedJob fetched, RunningJobContext context, Runnable plain) {
        if (context.isCancelRequested()) {
            return () -> settler.cancelled(fetched);
        }
        if (!settler.handles(fetched.job())) {
            return plain;
        }
        Duration completion = fetched.job().idempotencyKey() == null ? null : completionRetention;
        return () -> {
            String outcome = settler.succeeded(fetched, context.resultJson(), completion, context.keyLock());
            if (LifecycleSettler.LOCK_LOST.equals(outcome)) {
                context.fence();
            }
        };
    }

    /** If the job was asked to stop, settles it as cancelled (not retried) and returns true. */
    boolean endIfCancelled(FetchedJob fetched, RunningJobContext context) {
        if (!context.isCancelRequested()) {
            return false;
        }
        log.info("job {} cancelled while it ran", LogText.escape(fetched.job().id()));
        settle.write(fetched, () -> settler.cancelled(fetched));
        return true;
    }

    /** Encodes a handler's result for a job that keeps it (see {@link #keepsResult}). */
    String encodeResult(Object result) {
        return result == null ? null : codec.encodeArgs(result);
    }

    private void cancelIfRunning(String jobId) {
        if (running.cancel(jobId)) {
            log.info("job {}: cancellation requested; interrupting it", LogText.escape(jobId));
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
            log.debug("cancel request check failed (will try again): {}", LogText.escape(e));
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
    }
}
