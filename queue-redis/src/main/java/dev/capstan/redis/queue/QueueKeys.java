package dev.capstan.redis.queue;

import dev.capstan.api.QueueNames;
import dev.capstan.redis.Namespace;

/**
 * The Redis keys of one queue. All share the hash tag {@code {queue}}, so each script that touches
 * several of them runs in one Redis Cluster slot:
 *
 * <pre>
 * ns:{q}:pending              list    waiting jobs; LPUSH = back of the line, consumers take from the right
 * ns:{q}:processing:WORKER    list    jobs one worker has fetched and not yet acknowledged
 * ns:{q}:workers              set     worker ids that have a processing list for q
 * ns:{q}:scheduled            zset    delayed jobs and retries, score = run-at (epoch ms)
 * ns:{q}:dead                 zset    dead jobs, score = time of death (epoch ms)
 * ns:{q}:reaping:WORKER       string  short lock: one reaper at a time empties a dead worker's list
 * ns:{q}:completed:KEY        string  id of the job that completed idempotency key KEY (kept for a retention)
 * ns:{q}:dedup:KEY            string  id of the job enqueued with dedup key KEY (until its ttl)
 * ns:{q}:keylock:KEY          string  lock of idempotency key KEY while a copy runs: "WORKER JOBID FENCE", short lease
 * ns:{q}:keyfence             string  counter: fencing tokens of the queue's key locks
 * ns:{q}:jobid:ID             string  a client-chosen job id was enqueued (a repeated enqueue is a no-op)
 * </pre>
 * The list of all queues, {@code ns:queues}, is a global set outside any tag; it is only ever
 * written with single-key commands. {@code ns:scheduled-wakeup} is a pub/sub channel (not a key):
 * producers announce newly scheduled jobs on it so that promoters sleeping toward a later job wake up.
 */
public record QueueKeys(Namespace ns, String queue) {

    public QueueKeys {
        QueueNames.requireValidQueue(queue);
    }

    public String pending() {
        return ns.tagged(queue, "pending");
    }

    public String processing(String workerId) {
        return ns.tagged(queue, "processing", workerId);
    }

    public String workers() {
        return ns.tagged(queue, "workers");
    }

    public String scheduled() {
        return ns.tagged(queue, "scheduled");
    }

    public String dead() {
        return ns.tagged(queue, "dead");
    }

    public String reaping(String workerId) {
        return ns.tagged(queue, "reaping", workerId);
    }

    /** Completion record of an idempotency key: idempotency keys are scoped to their queue. */
    public String completed(String idempotencyKey) {
        return ns.tagged(queue, "completed", idempotencyKey);
    }

    /** Dedup record of a dedup key, scoped to the queue. */
    public String dedup(String dedupKey) {
        return ns.tagged(queue, "dedup", dedupKey);
    }

    /**
     * Lock of an idempotency key while one copy of its job runs; in the queue's slot so that the
     * scripts that start and acknowledge a job can take and release it in the same step.
     */
    public String keyLock(String idempotencyKey) {
        return ns.tagged(queue, "keylock", idempotencyKey);
    }

    /** Counter of fencing tokens handed out with the queue's key locks. */
    public String keyFence() {
        return ns.tagged(queue, "keyfence");
    }

    /** Record that a job with a client-chosen id was enqueued, so that enqueuing it again is a no-op. */
    public String jobIdRecord(String jobId) {
        return ns.tagged(queue, "jobid", jobId);
    }

    /**
     * The pub/sub channel on which producers announce scheduled jobs; the payload is
     * {@code "<queue> <earliest run-at epoch ms>"} (queue names contain no spaces).
     */
    public static String scheduledWakeupChannel(Namespace ns) {
        return ns.plain("scheduled-wakeup");
    }

    /** The global registry of queue names. */
    public static String registry(Namespace ns) {
        return ns.plain("queues");
    }
}
