package dev.capstan.redis.queue;

import dev.capstan.api.EnqueueResult;
import dev.capstan.api.Job;
import dev.capstan.api.JobClient;
import dev.capstan.api.JobCodec;
import dev.capstan.api.JobIds;
import dev.capstan.api.JobRequest;
import dev.capstan.api.LogText;
import dev.capstan.redis.queue.QueueBroker.ScheduledElement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Enqueues jobs into Redis: checks names and sizes first ({@link EnqueueChecks}, so a bad request
 * fails before anything is written), then writes all jobs of one queue in one round trip. A job with an idempotency key
 * or a dedup key is written on its own, by a script that checks the key in the same step: a key that
 * already completed gives {@code ALREADY_COMPLETED}, a live dedup key gives {@code DUPLICATE} with the
 * first job's id; in both cases nothing is enqueued. A request with its own job id
 * ({@link JobRequest#jobId}) is written the same way, with a record of the id, so that enqueuing it again
 * (after an outcome-unknown failure) is a no-op answered {@code DUPLICATE}. A failure tells whether the
 * jobs may have been stored ({@link dev.capstan.api.StoreUnavailableException#outcome()}). When a call schedules jobs for later, it also
 * PUBLISHes one wake-up per queue for the promoters (see {@link QueueKeys#scheduledWakeupChannel});
 * that message is best effort.
 */
public final class RedisJobClient implements JobClient {
    /** How long a dedup key holds when the request gives no ttl. */
    public static final java.time.Duration DEFAULT_DEDUP_TTL = java.time.Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(RedisJobClient.class);
    private final QueueBroker broker;
    private final JobCodec codec;
    private final EnqueueChecks checks;

    private final UnservedQueueWarning unserved;

    public RedisJobClient(QueueBroker broker, JobCodec codec) {
        this(broker, codec, null);
    }

    /**
     * A client that also warns (once per queue, off the hot path) when it enqueues to a queue that no
     * live worker serves; {@code unserved} may be null for no such warning.
     */
    public RedisJobClient(QueueBroker broker, JobCodec codec, UnservedQueueWarning unserved) {
        this.broker = broker;
        this.codec = codec;
        this.unserved = unserved;
        this.checks = new EnqueueChecks(broker.settings());
    }

    @Override
    public EnqueueResult enqueue(JobRequest request) {
        return enqueueAll(List.of(request)).get(0);
    }

    @Override
    public List<EnqueueResult> enqueueAll(List<JobRequest> requests) {
        long now = System.currentTimeMillis();
        Map<String, Batch> byQueue = new LinkedHashMap<>();
        List<EnqueueResult> results = new ArrayList<>(requests.size());
        List<String> allIds = new ArrayList<>(requests.size());
        for (JobRequest request : requests) {
            Job job = toJob(request, now);
            allIds.add(job.id());
            String element = checks.encodeChecked(codec, job);
            Batch batch = byQueue.computeIfAbsent(job.queue(), q -> new Batch());
            if (job.idempotencyKey() == null && job.dedupKey() == null && request.jobId() == null) {
                batch.plainIds.add(job.id());
            }
            if (job.idempotencyKey() != null || job.dedupKey() != null || request.jobId() != null) {
                batch.guarded.add(new Guarded(job, element, request.dedupTtl(), request.jobId() != null, results.size()));
                results.add(null); // filled in when the guarded job is written
            } else if (job.runAt() > now) {
                batch.later.add(new ScheduledElement(job.runAt(), element));
                results.add(new EnqueueResult(job.id(), EnqueueResult.Outcome.SCHEDULED));
            } else {
                batch.now.add(element);
                results.add(new EnqueueResult(job.id(), EnqueueResult.Outcome.ENQUEUED));
            }
        }
        java.util.Set<String> stored = new java.util.HashSet<>();
        String current = null;
        try {
            for (Map.Entry<String, Batch> entry : byQueue.entrySet()) {
                current = entry.getKey();
                Batch batch = entry.getValue();
                if (!batch.now.isEmpty() || !batch.later.isEmpty()) {
                    broker.enqueue(entry.getKey(), batch.now, batch.later);
                    stored.addAll(batch.plainIds);
                }
                for (Guarded g : batch.guarded) {
                    results.set(g.index(), enqueueGuarded(g));
                    stored.add(g.job().id());
                }
            }
        } catch (JedisException e) {
            throw checks.failure(e, current, allIds, stored);
        }
        byQueue.forEach((queue, batch) -> {
            if (unserved != null) {
                unserved.enqueued(queue);
            }
            List<ScheduledElement> later = new ArrayList<>(batch.later);
            batch.guarded.stream().filter(g -> g.job().runAt() > 0)
                    .forEach(g -> later.add(new ScheduledElement(g.job().runAt(), g.element())));
            announce(queue, later);
        });
        return results;
    }

    private EnqueueResult enqueueGuarded(Guarded g) {
        Job job = g.job();
        long ttl = g.dedupTtl() == null ? DEFAULT_DEDUP_TTL.toMillis() : g.dedupTtl().toMillis();
        List<String> outcome = broker.enqueueGuarded(job.queue(), g.element(), job.runAt(), job.id(),
                job.idempotencyKey(), job.dedupKey(), ttl, g.clientJobId(), JobRequest.JOB_ID_RETENTION.toMillis());
        return new EnqueueResult(outcome.get(1), switch (outcome.get(0)) {
            case "enqueued" -> EnqueueResult.Outcome.ENQUEUED;
            case "scheduled" -> EnqueueResult.Outcome.SCHEDULED;
            case "completed" -> EnqueueResult.Outcome.ALREADY_COMPLETED;
            default -> EnqueueResult.Outcome.DUPLICATE;
        });
    }

    /** One PUBLISH per queue that got scheduled jobs, naming the earliest; see {@link QueueBroker#announceScheduled}. */
    private void announce(String queue, List<ScheduledElement> later) {
        if (later.isEmpty()) {
            return;
        }
        long earliest = Long.MAX_VALUE;
        for (ScheduledElement s : later) {
            earliest = Math.min(earliest, s.runAt());
        }
        try {
            broker.announceScheduled(queue, earliest);
        } catch (RuntimeException e) {
            // The jobs are stored: failing the call now would make the caller enqueue them twice.
            // Promoters still find them at their next periodic check.
            log.debug("could not announce scheduled jobs of queue {}: {}", queue, LogText.escape(e));
        }
    }

    private Job toJob(JobRequest request, long now) {
        checks.check(request);
        long runAt = request.runAt() == null ? 0 : request.runAt().toEpochMilli();
        String args = request.args() == null ? "null" : codec.encodeArgs(request.args());
        String id = request.jobId() != null ? request.jobId() : JobIds.next();
        return new Job(id, request.type(), request.queue(), args, 0, request.maxAttempts(),
                now, runAt > now ? 0 : now, runAt > now ? runAt : 0, request.idempotencyKey(), request.dedupKey(),
                request.metadata(), 0, null);
    }

    private static final class Batch {
        final List<String> now = new ArrayList<>();
        final List<ScheduledElement> later = new ArrayList<>();
        final List<Guarded> guarded = new ArrayList<>();
        final List<String> plainIds = new ArrayList<>();
    }

    /** A job with an idempotency or dedup key: written on its own, atomically with its checks. */
    private record Guarded(Job job, String element, java.time.Duration dedupTtl, boolean clientJobId, int index) {}
}
