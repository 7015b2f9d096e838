package dev.capstan.redis.lifecycle;

import dev.capstan.api.EnqueueResult;
import dev.capstan.api.Job;
import dev.capstan.api.JobCodec;
import dev.capstan.api.JobRequest;
import dev.capstan.api.JobTracker;
import dev.capstan.api.LifecycleMetadata;
import dev.capstan.api.LogText;
import dev.capstan.redis.queue.EnqueueChecks;
import dev.capstan.redis.queue.QueueBroker;
import dev.capstan.redis.queue.QueueBroker.ScheduledElement;
import dev.capstan.redis.queue.RedisJobClient;
import dev.capstan.redis.queue.UnservedQueueWarning;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Enqueues lifecycle jobs under ids chosen beforehand (a batch registers its members' ids before
 * they exist; a flow child names its parent's id). A tracked job is written with its status hash in
 * one script (enqueue.lua), so a job never exists without its status or the other way round; an
 * untracked batch member goes through the queue's own enqueue, one round trip per queue. Every request
 * passes the same door as a plain one ({@link EnqueueChecks}: names, text, size; the codec checks the
 * arguments) before anything is written, a failed write is reported as the plain client reports it
 * (out of memory, refused, outcome unknown), a request's own job id makes a repeat a no-op, the
 * unserved-queue warning hears of the queue, and scheduled jobs are announced to the promoters.
 */
final class LifecycleEnqueue {
    private static final Logger log = LoggerFactory.getLogger(LifecycleEnqueue.class);

    private final LifecycleBroker broker;
    private final JobCodec codec;
    private final JobTracker tracker;
    private final EnqueueChecks checks;
    private final UnservedQueueWarning unserved;

    LifecycleEnqueue(LifecycleBroker broker, JobCodec codec, JobTracker tracker) {
        this(broker, codec, tracker, null);
    }

    /** {@code unserved} (may be null) hears of every queue enqueued to, as the plain client's does. */
    LifecycleEnqueue(LifecycleBroker broker, JobCodec codec, JobTracker tracker, UnservedQueueWarning unserved) {
        this.broker = broker;
        this.codec = codec;
        this.tracker = tracker;
        this.checks = new EnqueueChecks(broker.queues().settings());
        this.unserved = unserved;
    }

    /**
     * Checks a request's names and text (what {@link EnqueueChecks#check} checks) without writing
     * anything: batches check their members before registering them.
     */
    void check(JobRequest request) {
        checks.check(request);
    }

    /**
     * Enqueues {@code request} as job {@code jobId} (a {@link TrackedIds} id on the request's queue),
     * tracked for {@code keep}, with {@code lifecycle} metadata (batch, parent, failure policy); a job
     * with {@code children} &gt; 0 is held until that many flow children have finished.
     */
    EnqueueResult tracked(JobRequest request, String jobId, Duration keep, Map<String, String> lifecycle, int children) {
        long now = System.currentTimeMillis();
        Map<String, String> metadata = new LinkedHashMap<>(lifecycle);
        metadata.put(LifecycleMetadata.KEEP, Long.toString(keep.toMillis()));
        Job job = build(request, jobId, metadata, now, children == 0);
        String element = checks.encodeChecked(codec, job);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("type", job.type());
        fields.put("keep", Long.toString(keep.toMillis()));
        putIfPresent(fields, "batch", lifecycle.get(LifecycleMetadata.BATCH));
        putIfPresent(fields, "parent", lifecycle.get(LifecycleMetadata.PARENT));
        putIfPresent(fields, "onFailure", lifecycle.get(LifecycleMetadata.ON_FAILURE));
        Duration dedupTtl = request.dedupTtl() == null ? RedisJobClient.DEFAULT_DEDUP_TTL : request.dedupTtl();
        List<String> out;
        try {
            out = broker.enqueue(job.queue(), element, job.runAt(), jobId, request.idempotencyKey(), request.dedupKey(),
                    dedupTtl.toMillis(), request.jobId(), children, fields);
        } catch (JedisException e) {
            throw checks.failure(e, job.queue(), List.of(jobId), Set.of());
        }
        enqueued(job.queue());
        EnqueueResult.Outcome outcome = switch (out.get(0)) {
            case "enqueued", "held" -> EnqueueResult.Outcome.ENQUEUED;
            case "scheduled" -> EnqueueResult.Outcome.SCHEDULED;
            case "completed" -> EnqueueResult.Outcome.ALREADY_COMPLETED;
            default -> EnqueueResult.Outcome.DUPLICATE;
        };
        if (outcome == EnqueueResult.Outcome.SCHEDULED) {
            announce(job.queue(), job.runAt());
        }
        return new EnqueueResult(out.get(1), outcome, tracker);
    }

    /**
     * Enqueues untracked jobs under the given ids with {@code lifecycle} metadata (a batch's members):
     * one round trip per queue for jobs without idempotency or dedup keys, one per job for the others.
     */
    List<EnqueueResult> untracked(List<JobRequest> requests, List<String> ids, Map<String, String> lifecycle) {
        long now = System.currentTimeMillis();
        QueueBroker queues = broker.queues();
        EnqueueResult[] results = new EnqueueResult[requests.size()];
        Map<String, List<String>> nowByQueue = new LinkedHashMap<>();
        Map<String, List<ScheduledElement>> laterByQueue = new LinkedHashMap<>();
        Map<String, List<String>> idsByQueue = new LinkedHashMap<>();
        List<Job> guarded = new ArrayList<>();
        List<String> guardedElements = new ArrayList<>();
        List<Integer> guardedAt = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) { // every check before the first write
            JobRequest request = requests.get(i);
            Job job = build(request, ids.get(i), lifecycle, now, true);
            String element = checks.encodeChecked(codec, job);
            if (job.idempotencyKey() != null || job.dedupKey() != null || request.jobId() != null) {
                guarded.add(job);
                guardedElements.add(element);
                guardedAt.add(i);
            } else if (job.runAt() > 0) {
                laterByQueue.computeIfAbsent(job.queue(), q -> new ArrayList<>()).add(new ScheduledElement(job.runAt(), element));
                idsByQueue.computeIfAbsent(job.queue(), q -> new ArrayList<>()).add(job.id());
                results[i] = new EnqueueResult(job.id(), EnqueueResult.Outcome.SCHEDULED, tracker);
            } else {
                nowByQueue.computeIfAbsent(job.queue(), q -> new ArrayList<>()).add(element);
                idsByQueue.computeIfAbsent(job.queue(), q -> new ArrayList<>()).add(job.id());
                results[i] = new EnqueueResult(job.id(), EnqueueResult.Outcome.ENQUEUED, tracker);
            }
        }
        Set<String> stored = new HashSet<>();
        String current = null;
        try {
            for (String queue : union(nowByQueue, laterByQueue)) {
                current = queue;
                List<ScheduledElement> later = laterByQueue.getOrDefault(queue, List.of());
                queues.enqueue(queue, nowByQueue.getOrDefault(queue, List.of()), later);
                stored.addAll(idsByQueue.get(queue));
                enqueued(queue);
                later.stream().mapToLong(ScheduledElement::runAt).min().ifPresent(at -> announce(queue, at));
            }
            for (int g = 0; g < guarded.size(); g++) {
                Job job = guarded.get(g);
                JobRequest request = requests.get(guardedAt.get(g));
                current = job.queue();
                Duration ttl = request.dedupTtl() == null ? RedisJobClient.DEFAULT_DEDUP_TTL : request.dedupTtl();
                List<String> out = queues.enqueueGuarded(job.queue(), guardedElements.get(g), job.runAt(), job.id(),
                        job.idempotencyKey(), job.dedupKey(), ttl.toMillis(), request.jobId() != null,
                        JobRequest.JOB_ID_RETENTION.toMillis());
                stored.add(job.id());
                enqueued(job.queue());
                EnqueueResult.Outcome outcome = switch (out.get(0)) {
                    case "enqueued" -> EnqueueResult.Outcome.ENQUEUED;
                    case "scheduled" -> EnqueueResult.Outcome.SCHEDULED;
                    case "completed" -> EnqueueResult.Outcome.ALREADY_COMPLETED;
                    default -> EnqueueResult.Outcome.DUPLICATE;
                };
                if (outcome == EnqueueResult.Outcome.SCHEDULED) {
                    announce(job.queue(), job.runAt());
                }
                results[guardedAt.get(g)] = new EnqueueResult(out.get(1), outcome, tracker);
            }
        } catch (JedisException e) {
            throw checks.failure(e, current, ids, stored);
        }
        return List.of(results);
    }

    private Job build(JobRequest request, String jobId, Map<String, String> lifecycle, long now, boolean mayWait) {
        checks.check(request);
        String queue = request.queue();
        long runAt = request.runAt() == null ? 0 : request.runAt().toEpochMilli();
        boolean later = mayWait && runAt > now;
        Map<String, String> metadata = new LinkedHashMap<>(request.metadata());
        metadata.putAll(lifecycle);
        String args = request.args() == null ? "null" : codec.encodeArgs(request.args());
        return new Job(jobId, request.type(), queue, args, 0, request.maxAttempts(), now, later ? 0 : now,
                later ? runAt : 0, request.idempotencyKey(), request.dedupKey(), metadata, 0, null);
    }

    private void enqueued(String queue) {
        if (unserved != null) {
            unserved.enqueued(queue);
        }
    }

    private void announce(String queue, long runAt) {
        try {
            broker.queues().announceScheduled(queue, runAt);
        } catch (RuntimeException e) {
            log.debug("could not announce scheduled jobs of queue {}: {}", LogText.escape(queue), LogText.escape(e)); // promoters find them anyway
        }
    }

    private static List<String> union(Map<String, ?> a, Map<String, ?> b) {
        List<String> all = new ArrayList<>(a.keySet());
        b.keySet().stream().filter(q -> !a.containsKey(q)).forEach(all::add);
        return all;
    }

    private static void putIfPresent(Map<String, String> fields, String field, String value) {
        if (value != null) {
            fields.put(field, value);
        }
    }
}
