package dev.capstan.redis.queue;

import dev.capstan.api.CapstanException;
import dev.capstan.api.Job;
import dev.capstan.api.JobCodec;
import dev.capstan.api.JobRequest;
import dev.capstan.api.QueueNames;
import dev.capstan.api.StoreFullException;
import dev.capstan.api.StoreUnavailableException;
import dev.capstan.api.UnicodeText;
import dev.capstan.redis.outage.RedisFailures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The door every enqueue goes through, whatever path writes the job ({@link RedisJobClient} for
 * plain jobs, the lifecycle package for tracked jobs, batches and flows): names, text and size are
 * checked before anything is written, and a failed write becomes the one exception that says whether
 * the jobs may have been stored (out of memory: {@link StoreFullException}; refused:
 * {@link StoreUnavailableException} with outcome NOT_STORED; no reply: outcome UNKNOWN). Arguments are
 * checked by the codec as it encodes them. Thread-safe.
 */
public final class EnqueueChecks {
    private final QueueSettings settings;
    private final Set<String> checkedQueues = ConcurrentHashMap.newKeySet();

    public EnqueueChecks(QueueSettings settings) {
        this.settings = settings;
    }

    /**
     * Checks what a request names before its job is built: queue name (once per queue: the check is a
     * regex), type name, and that keys and metadata have a UTF-8 form.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public void check(JobRequest request) {
        if (!checkedQueues.contains(request.queue())) {
            QueueNames.requireValidQueue(request.queue());
            checkedQueues.add(request.queue());
        }
        QueueNames.requireValidType(request.type());
        requireStorableText(request);
    }

    /**
     * Encodes {@code job} and refuses it when it is over {@link QueueSettings#maxPayloadBytes}.
     *
     * @throws IllegalArgumentException when the job is too large
     */
    public String encodeChecked(JobCodec codec, Job job) {
        String element = codec.encode(job);
        int limit = settings.maxPayloadBytes();
        // Cheap check first: a UTF-8 byte is at least one char, at most three per char.
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

    /**
     * The exception for a failed write: refused (nothing from the failing step stored) or outcome
     * unknown (sent, no reply). Jobs written by earlier steps of the same call ({@code stored}) are
     * named as stored.
     */
    public RuntimeException failure(JedisException e, String queue, List<String> allIds, Set<String> stored) {
        int total = allIds.size();
        List<String> notKnownStored = allIds.stream().filter(id -> !stored.contains(id)).toList();
        String already = stored.isEmpty() ? "" : " (" + stored.size() + " job(s) of this call were stored before it)";
        if (e instanceof JedisDataException data && data.getMessage() != null && data.getMessage().startsWith("OOM")) {
            return new StoreFullException("Redis is out of memory (maxmemory reached, maxmemory-policy noeviction) "
                    + "and refused to enqueue " + notKnownStored.size() + " of " + total + " job(s) (queue '" + queue
                    + "'): they were not written" + already + "; free memory (let workers drain queues, delete dead jobs) or raise "
                    + "maxmemory, then enqueue them again", e);
        }
        if (e instanceof JedisDataException data && RedisFailures.unavailableReply(data.getMessage()) == null) {
            // WRONGTYPE and other errors of one key: scripts check before they write, so nothing was stored.
            return new CapstanException("Redis refused to enqueue " + notKnownStored.size() + " of " + total
                    + " job(s): " + data.getMessage() + "; nothing of them was stored" + already, e);
        }
        if (RedisFailures.surelyNotApplied(e)) {
            return new StoreUnavailableException("Redis refused or could not be reached to enqueue " + notKnownStored.size()
                    + " of " + total + " job(s) (" + RedisFailures.describe(e) + "): they were NOT stored, so enqueue "
                    + "them again" + already, e, StoreUnavailableException.Outcome.NOT_STORED, notKnownStored);
        }
        return new StoreUnavailableException("no reply from Redis while enqueuing " + notKnownStored.size() + " of "
                + total + " job(s) (" + RedisFailures.describe(e) + "): the OUTCOME IS UNKNOWN, they may have been "
                + "stored and will then run. Enqueuing again is safe for requests with their own job id "
                + "(JobRequest.jobId: a repeated enqueue with the same id is a no-op); without one it may run a job twice"
                + already, e, StoreUnavailableException.Outcome.UNKNOWN, notKnownStored);
    }

    /**
     * Keys and metadata may not hold a lone UTF-16 surrogate: it has no UTF-8 form, so Redis would get
     * '?' (and two different keys could become one). Arguments need no check: the codec writes such a
     * character as a JSON escape. The type was checked by {@link QueueNames#requireValidType}.
     */
    private static void requireStorableText(JobRequest request) {
        storable(request.idempotencyKey(), "idempotency key", request);
        storable(request.dedupKey(), "dedup key", request);
        if (!request.metadata().isEmpty()) {
            request.metadata().forEach((k, v) -> {
                storable(k, "metadata key", request);
                storable(v, "metadata value of '" + k + "'", request);
            });
        }
    }

    private static void storable(String text, String what, JobRequest request) {
        if (text != null) {
            int at = UnicodeText.loneSurrogateAt(text);
            if (at >= 0) {
                throw new IllegalArgumentException("the " + what + " of a job of type '" + request.type() + "' has a lone "
                        + "UTF-16 surrogate at index " + at + ": it has no UTF-8 form and would be stored as '?', so the job is refused");
            }
        }
    }
}
