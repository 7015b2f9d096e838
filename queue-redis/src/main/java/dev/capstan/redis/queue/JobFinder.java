package dev.capstan.redis.queue;

import dev.capstan.api.Job;
import dev.capstan.api.JobCodec;
import dev.capstan.api.JobDecodeException;
import dev.capstan.api.JobState;
import dev.capstan.api.JobView;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.resps.Tuple;

/**
 * Finds a job by id across every queue and state. Jobs are stored whole in lists and sorted sets
 * (no per-job hash, which keeps memory per job low), so this scans in chunks; the cheap text test
 * on the id comes before any decoding. Meant for the admin API, not for hot paths.
 */
public final class JobFinder {
    private static final int CHUNK = 1000;

    private final QueueBroker broker;
    private final UnifiedJedis redis;
    private final JobCodec codec;

    public JobFinder(QueueBroker broker, JobCodec codec) {
        this.broker = broker;
        this.redis = broker.redis();
        this.codec = codec;
    }

    /** Looks in every queue. */
    public Optional<FoundJob> find(String jobId) {
        for (String queue : broker.queues()) {
            Optional<FoundJob> found;
            try {
                found = findIn(queue, jobId);
            } catch (JedisDataException e) {
                if (!WrongType.is(e)) {
                    throw e;
                }
                continue; // a key of the wrong type in one queue: the job may still be in another
            }
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Looks in one queue's pending list, processing lists, scheduled set and dead set, in that order. */
    public Optional<FoundJob> findIn(String queue, String jobId) {
        String needle = "\"" + jobId + "\"";
        QueueKeys k = broker.keys(queue);
        Optional<FoundJob> found = inList(queue, k.pending(), needle, jobId, JobState.WAITING, null);
        for (String worker : broker.workersOf(queue)) {
            if (found.isPresent()) {
                break;
            }
            found = inList(queue, k.processing(worker), needle, jobId, JobState.IN_FLIGHT, worker);
        }
        if (found.isEmpty()) {
            found = inSortedSet(queue, k.scheduled(), needle, jobId, JobState.SCHEDULED);
        }
        if (found.isEmpty()) {
            found = inSortedSet(queue, k.dead(), needle, jobId, JobState.DEAD);
        }
        return found;
    }

    private Optional<FoundJob> inList(String queue, String key, String needle, String jobId, JobState state, String worker) {
        for (long start = 0; ; start += CHUNK) {
            List<String> chunk = redis.lrange(key, start, start + CHUNK - 1);
            for (String element : chunk) {
                Optional<FoundJob> hit = match(queue, element, needle, jobId, state, worker, 0);
                if (hit.isPresent()) {
                    return hit;
                }
            }
            if (chunk.size() < CHUNK) {
                return Optional.empty();
            }
        }
    }

    private Optional<FoundJob> inSortedSet(String queue, String key, String needle, String jobId, JobState state) {
        for (long start = 0; ; start += CHUNK) {
            List<Tuple> chunk = redis.zrangeWithScores(key, start, start + CHUNK - 1);
            for (Tuple t : chunk) {
                Optional<FoundJob> hit = match(queue, t.getElement(), needle, jobId, state, null, (long) t.getScore());
                if (hit.isPresent()) {
                    return hit;
                }
            }
            if (chunk.size() < CHUNK) {
                return Optional.empty();
            }
        }
    }

    private Optional<FoundJob> match(String queue, String element, String needle, String jobId, JobState state,
                                     String worker, long at) {
        if (!element.contains(needle)) {
            return Optional.empty();
        }
        try {
            Job job = codec.decode(element);
            if (!job.id().equals(jobId)) {
                return Optional.empty();
            }
            JobState actual = state == JobState.SCHEDULED && job.isRetry() ? JobState.RETRY : state;
            return Optional.of(new FoundJob(new JobView(job, actual, worker, at), element));
        } catch (JobDecodeException e) {
            return Optional.empty();
        }
    }

    /** A stand-in for an element that does not decode, so listings still show it. */
    static Job unreadable(String queue, String element) {
        return new Job("unreadable", UndecodableElements.TYPE, queue, "null", 0, 1, 0, 0, 0, null, null,
                Map.of("raw", element.length() > 200 ? element.substring(0, 200) + "..." : element), 0, null);
    }
}
