package dev.capstan.redis.queue;

import dev.capstan.api.Job;
import dev.capstan.api.JobCodec;
import dev.capstan.api.JobError;
import dev.capstan.api.RetryPolicy;
import dev.capstan.redis.queue.QueueBroker.Move;
import dev.capstan.redis.queue.QueueBroker.RetryMove;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a fetched job's stay in the processing list: acknowledged, scheduled for a retry, moved to
 * the dead set, or pushed back to its queue. Batches go out in one round trip per queue and worker.
 */
public final class JobSettler {
    private static final Logger log = LoggerFactory.getLogger(JobSettler.class);

    private final QueueBroker broker;
    private final JobCodec codec;
    private final SettleHook hook;

    public JobSettler(QueueBroker broker, JobCodec codec) {
        this(broker, codec, null);
    }

    /** A settler that hands the jobs {@code hook} handles (lifecycle jobs) to it. */
    public JobSettler(QueueBroker broker, JobCodec codec, SettleHook hook) {
        this.broker = broker;
        this.codec = codec;
        this.hook = hook;
    }

    /** Acknowledges finished jobs. Returns how many were still held (a smaller number means the reaper took some back). */
    public long ack(List<FetchedJob> jobs) {
        long acked = 0;
        if (hook != null) {
            List<FetchedJob> plain = new ArrayList<>(jobs.size());
            for (FetchedJob j : jobs) {
                if (hook.handles(j.job())) {
                    hook.succeeded(j);
                    acked++;
                } else {
                    plain.add(j);
                }
            }
            jobs = plain;
        }
        for (Map.Entry<Owner, List<FetchedJob>> group : byOwner(jobs).entrySet()) {
            List<String> elements = new ArrayList<>(group.getValue().size());
            group.getValue().forEach(j -> elements.add(j.element()));
            long removed = broker.ack(group.getKey().queue(), group.getKey().workerId(), elements);
            if (removed < elements.size()) {
                log.warn("queue {}: {} of {} acknowledged jobs were no longer in worker {}'s processing list "
                        + "(returned by the reaper, so they may run again)", group.getKey().queue(),
                        elements.size() - removed, elements.size(), group.getKey().workerId());
            }
            acked += removed;
        }
        return acked;
    }

    /**
     * Records a failed attempt: schedules the next one after the policy's delay, or moves the job to
     * the dead set when it has no attempts left. Returns true if it will be retried.
     */
    public boolean fail(FetchedJob fetched, Throwable error, RetryPolicy policy) {
        long now = System.currentTimeMillis();
        JobError jobError = JobError.of(error, now);
        Job job = fetched.job();
        if (!job.hasAttemptsLeft()) {
            dead(fetched, jobError);
            return false;
        }
        Duration delay = policy.delayAfter(job.attempt() + 1);
        long runAt = now + delay.toMillis();
        Job next = job.withAttemptFailed(jobError, runAt);
        if (owned(job)) {
            hook.later(fetched, next, runAt, true);
            return true;
        }
        broker.retry(fetched.queue(), fetched.workerId(),
                List.of(new RetryMove(fetched.element(), codec.encode(next), runAt)));
        return true;
    }

    /** Runs the job again after {@code delay} without counting a failed attempt (throttling, "retry later"). */
    public void reschedule(FetchedJob fetched, Duration delay) {
        // Rounded up: a job back a fraction of a millisecond early would only be turned away again.
        long runAt = System.currentTimeMillis() + (delay.toNanos() + 999_999) / 1_000_000;
        Job next = fetched.job().withRunAt(runAt);
        if (owned(next)) {
            hook.later(fetched, next, runAt, false);
            return;
        }
        broker.retry(fetched.queue(), fetched.workerId(),
                List.of(new RetryMove(fetched.element(), codec.encode(next), runAt)));
    }

    /** Moves the job to the dead set with {@code reason}. */
    public void dead(FetchedJob fetched, JobError reason) {
        Job attempted = fetched.job().withAttemptFailed(reason, 0);
        if (owned(attempted)) {
            hook.dead(fetched, attempted);
            return;
        }
        broker.dead(fetched.queue(), fetched.workerId(), List.of(new Move(fetched.element(), codec.encode(attempted))));
    }

    /** Pushes unfinished jobs back to the front of their queues, unchanged (graceful shutdown). */
    public long requeue(List<FetchedJob> jobs) {
        long moved = 0;
        for (Map.Entry<Owner, List<FetchedJob>> group : byOwner(jobs).entrySet()) {
            List<Move> moves = new ArrayList<>(group.getValue().size());
            group.getValue().forEach(j -> moves.add(new Move(j.element(), j.element())));
            moved += broker.requeue(group.getKey().queue(), group.getKey().workerId(), moves);
        }
        return moved;
    }

    /**
     * Pushes a job back to the front of its queue counting a recovery, as the reaper does for the job of
     * a dead worker: used when the job brought its worker down (its handler called System.exit). Past
     * the queue's {@code maxRecoveries} it goes to the dead set as a poison pill (a lifecycle job through
     * the hook, so that its status, batch and parent hear of it). Returns true if it went back to the
     * queue, false if to the dead set (or if it had already left the processing list).
     */
    public boolean requeueAsRecovered(FetchedJob fetched) {
        Recovery.Outcome outcome = Recovery.of(codec, fetched.job(), fetched.element(), broker.settings().maxRecoveries(),
                fetched.workerId(), System.currentTimeMillis());
        if (outcome.dead()) {
            if (owned(outcome.job())) {
                hook.dead(fetched, outcome.job());
            } else {
                broker.dead(fetched.queue(), fetched.workerId(), List.of(outcome.move()));
            }
            return false;
        }
        return broker.requeue(fetched.queue(), fetched.workerId(), List.of(outcome.move())) == 1;
    }

    private boolean owned(Job job) {
        return hook != null && hook.handles(job);
    }

    private static Map<Owner, List<FetchedJob>> byOwner(List<FetchedJob> jobs) {
        Map<Owner, List<FetchedJob>> groups = new LinkedHashMap<>();
        for (FetchedJob j : jobs) {
            groups.computeIfAbsent(new Owner(j.queue(), j.workerId()), o -> new ArrayList<>()).add(j);
        }
        return groups;
    }

    private record Owner(String queue, String workerId) {}
}
