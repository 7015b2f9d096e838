package dev.capstan.redis.lifecycle;

import dev.capstan.api.EnqueueResult;
import dev.capstan.api.Job;
import dev.capstan.api.JobCodec;
import dev.capstan.api.JobRequest;
import dev.capstan.api.JobTracker;
import dev.capstan.api.LifecycleMetadata;
import dev.capstan.api.QueueNames;
import dev.capstan.api.StoreUnavailableException;
import dev.capstan.redis.queue.QueueBroker;
import dev.capstan.redis.queue.QueueBroker.ScheduledElement;
import dev.capstan.redis.queue.RedisJobClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Enqueues lifecycle jobs under ids chosen beforehand (a batch registers its members' ids before
 * they exist; a flow child names its parent's id). A tracked job is written with its status hash in
 * one script (enqueue.lua), so a job never exists without its status or the other way round; an
 * untracked batch member goes through the queue's own enqueue, one round trip per queue. Names and
 * size are checked first, as the plain client does, and scheduled jobs are announced to the promoters.
 */
final class LifecycleEnqueue {
    private static final Logger log = LoggerFactory.getLogger(LifecycleEnqueue.class);

    private final LifecycleBroker broker;
    private final JobCodec codec;
    private final JobTracker tracker;

    LifecycleEnqueue(LifecycleBroker broker, JobCodec codec, JobTracker tracker) {
        this.broker = broker;
        this.codec = codec;
        this.tracker = tracker;
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
        String element = encodeChecked(job);
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
                    dedupTtl.toMillis(), children, fields);
        } catch (JedisConnectionException e) {
            throw new StoreUnavailableException("could not reach Redis to enqueue tracked job " + jobId
                    + "; enqueue it again: " + e.getMessage(), e);
        }
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
        try {
            for (int i = 0; i < requests.size(); i++) {
                JobRequest request = requests.get(i);
                Job job = build(request, ids.get(i), lifecycle, now, true);
                String element = encodeChecked(job);
                if (job.idempotencyKey() != null || job.dedupKey() != null) {
                    Duration ttl = request.dedupTtl() == null ? RedisJobClient.DEFAULT_DEDUP_TTL : request.dedupTtl();
                    List<String> out = queues.enqueueGuarded(job.queue(), element, job.runAt(), job.id(),
                            job.idempotencyKey(), job.dedupKey(), ttl.toMillis());
                    results[i] = new EnqueueResult(out.get(1), switch (out.get(0)) {
                        case "enqueued" -> EnqueueResult.Outcome.ENQUEUED;
                        case "scheduled" -> EnqueueResult.Outcome.SCHEDULED;
                        case "completed" -> EnqueueResult.Outcome.ALREADY_COMPLETED;
                        default -> EnqueueResult.Outcome.DUPLICATE;
                    }, tracker);
                } else if (job.runAt() > 0) {
                    laterByQueue.computeIfAbsent(job.queue(), q -> new ArrayList<>()).add(new ScheduledElement(job.runAt(), element));
                    results[i] = new EnqueueResult(job.id(), EnqueueResult.Outcome.SCHEDULED, tracker);
                } else {
                    nowByQueue.computeIfAbsent(job.queue(), q -> new ArrayList<>()).add(element);
                    results[i] = new EnqueueResult(job.id(), EnqueueResult.Outcome.ENQUEUED, tracker);
                }
            }
            for (String queue : union(nowByQueue, laterByQueue)) {
                List<ScheduledElement> later = laterByQueue.getOrDefault(queue, List.of());
                queues.enqueue(queue, nowByQueue.getOrDefault(queue, List.of()), later);
                later.stream().mapToLong(ScheduledElement::runAt).min().ifPresent(at -> announce(queue, at));
            }
        } catch (JedisConnectionException e) {
            throw new StoreUnavailableException("could not reach Redis to enqueue " + requests.size()
                    + " job(s); enqueue them again: " + e.getMessage(), e);
        }
        return List.of(results);
    }

    private Job build(JobRequest request, String jobId, Map<String, String> lifecycle, long now, boolean mayWait) {
        String queue = QueueNames.requireValidQueue(request.queue());
        QueueNames.requireValidType(request.type());
        long runAt = request.runAt() == null ? 0 : request.runAt().toEpochMilli();
        boolean later = mayWait && runAt > now;
        Map<String, String> metadata = new LinkedHashMap<>(request.metadata());
        metadata.putAll(lifecycle);
        String args = request.args() == null ? "null" : codec.encodeArgs(request.args());
        return new Job(jobId, request.type(), queue, args, 0, request.maxAttempts(), now, later ? 0 : now,
                later ? runAt : 0, request.idempotencyKey(), request.dedupKey(), metadata, 0, null);
    }

    private String encodeChecked(Job job) {
        String element = codec.encode(job);
        int limit = broker.queues().settings().maxPayloadBytes();
        if (element.length() > limit / 3) {
            int bytes = element.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > limit) {
                throw new IllegalArgumentException("job of type '" + job.type() + "' is " + bytes
                        + " bytes encoded, over the limit of " + limit + " bytes (QueueSettings.maxPayloadBytes);"
                        + " store large data elsewhere and pass a reference in the job's arguments");
            }
        }
        return element;
    }

    private void announce(String queue, long runAt) {
        try {
            broker.queues().announceScheduled(queue, runAt);
        } catch (RuntimeException e) {
            log.debug("could not announce scheduled jobs of queue {}: {}", queue, e.toString()); // promoters find them anyway
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
