package dev.capstan.redis.lifecycle;

import dev.capstan.api.Job;
import dev.capstan.api.JobCodec;
import dev.capstan.api.JobError;
import dev.capstan.api.LifecycleMetadata;
import dev.capstan.redis.lifecycle.LifecycleBroker.Finish;
import dev.capstan.redis.lifecycle.LifecycleBroker.StartAnswer;
import dev.capstan.redis.queue.FetchedJob;
import dev.capstan.redis.queue.QueueBroker;
import dev.capstan.redis.queue.QueueBroker.RetryMove;
import dev.capstan.redis.queue.SettleHook;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Where a worker settles the jobs that take part in lifecycles, and cancels jobs. Each step is one
 * script in the job's slot that moves the job and updates its status together (finish.lua,
 * later.lua); when a batch or flow parent must hear of the outcome, the same script writes an
 * outbox entry, which this settler then carries out at once ({@link OutboxRelay}). If the worker dies
 * in between, the job is settled and the entry waits for the sweeper: nothing runs twice and nothing
 * is forgotten.
 */
public final class LifecycleSettler implements SettleHook {
    /** What {@link #succeeded(FetchedJob, String, Duration, String)} answers when the key's lock was lost. */
    public static final String LOCK_LOST = "lock-lost";

    private final LifecycleBroker broker;
    private final QueueBroker queues;
    private final JobCodec codec;
    private final OutboxRelay relay;

    LifecycleSettler(LifecycleBroker broker, JobCodec codec, OutboxRelay relay) {
        this.broker = broker;
        this.queues = broker.queues();
        this.codec = codec;
        this.relay = relay;
    }

    @Override
    public boolean handles(Job job) {
        return LifecycleMetadata.involved(job.metadata());
    }

    /** True when the job has a status to keep up to date (it was enqueued with a retention). */
    public boolean tracked(Job job) {
        return LifecycleMetadata.tracked(job.metadata());
    }

    /**
     * A tracked job starts: its status says running. Returns what the job needs to know: whether a
     * cancellation came first, and a flow parent's children's results and failures.
     */
    public Start start(FetchedJob fetched) {
        Job job = fetched.job();
        StartAnswer a = broker.start(job.queue(), job.id(), fetched.workerId(), job.nextAttemptNumber());
        return new Start(a.cancelRequested(), a.childResults(), a.childFailures());
    }

    /** What a tracked job learns as it starts. */
    public record Start(boolean cancelRequested, Map<String, String> childResults, Map<String, String> childFailures) {}

    /**
     * The job succeeded: records {@code resultJson} (may be null) with its status and, when
     * {@code completionRetention} is given, its idempotency key's completion, in the step that
     * acknowledges it; with {@code keyLock} (the lock value this copy took, "worker job token") only
     * while this copy still holds the key's lock. Returns the final outcome ('cancelled' if a
     * cancellation came first), {@link #LOCK_LOST} when the lock was gone (nothing written), or null
     * when the job was no longer in the processing list.
     */
    public String succeeded(FetchedJob fetched, String resultJson, Duration completionRetention, String keyLock) {
        return finish(fetched, "succeeded", null, resultJson, null, completionRetention, keyLock);
    }

    @Override
    public void succeeded(FetchedJob fetched) {
        succeeded(fetched, null, null, null);
    }

    /** The job ends cancelled (its worker stopped it): not retried, its dedup key released. Any job, tracked or not. */
    public String cancelled(FetchedJob fetched) {
        return finish(fetched, "cancelled", null, null, "cancelled", null, null);
    }

    @Override
    public void dead(FetchedJob fetched, Job dead) {
        finish(fetched, "dead", codec.encode(dead), null, errorText(dead.lastError()), null, null);
    }

    @Override
    public void later(FetchedJob fetched, Job next, long runAt, boolean failed) {
        Job job = fetched.job();
        if (!tracked(job)) {
            queues.retry(fetched.queue(), fetched.workerId(), List.of(new RetryMove(fetched.element(), codec.encode(next), runAt)));
            return;
        }
        long moved = broker.later(job.queue(), fetched.workerId(), fetched.element(), codec.encode(next), runAt,
                failed ? "retrying" : "scheduled", failed ? errorText(next.lastError()) : null, job.id(), next.nextAttemptNumber());
        if (moved == -1) {
            cancelled(fetched); // a cancellation was asked for: it is not tried again
        }
    }

    /** Records a running tracked job's progress in its status. */
    public void progress(Job job, int percent, String message) {
        if (tracked(job)) {
            broker.progress(job.queue(), job.id(), percent, message);
        }
    }

    private String finish(FetchedJob fetched, String outcome, String deadElement, String result, String error,
                          Duration completionRetention, String keyLock) {
        Job job = fetched.job();
        Map<String, String> meta = job.metadata();
        String batch = meta.get(LifecycleMetadata.BATCH);
        String parent = meta.get(LifecycleMetadata.PARENT);
        String from = queues.keys(fetched.queue()).processing(fetched.workerId());
        LifecycleBroker.Finished finished = broker.finish(new Finish(fetched.queue(), from, false, fetched.element(), job.id(),
                outcome, deadElement, result, error, tracked(job), completionRetention == null ? null : job.idempotencyKey(),
                completionRetention, keyLock, job.dedupKey(), batch, parent, meta.get(LifecycleMetadata.ON_FAILURE)));
        if (finished == null) {
            return null;
        }
        if (finished.outboxEntry() != null) {
            relay.process(fetched.queue(), job.id(), finished.outboxEntry());
        }
        return finished.outcome();
    }

    static String errorText(JobError error) {
        if (error == null) {
            return null;
        }
        String cls = error.className() == null ? "" : error.className();
        return error.message() == null ? cls : cls + ": " + error.message();
    }
}
