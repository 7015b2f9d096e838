package dev.capstan.redis.lifecycle;

import dev.capstan.redis.Namespace;

/**
 * The Redis keys of job lifecycles. A job's own lifecycle keys share its queue's hash tag, so that
 * every step of one job (enqueue, start, finish) is one script in one slot; a batch's keys share a
 * tag of their own. Bookkeeping that crosses slots (a job telling its batch or its flow parent) goes
 * through the job's queue's outbox, one idempotent single-slot step at a time.
 *
 * <pre>
 * ns:{q}:job:ID              hash    status of tracked job ID@q (its id names q: see {@link TrackedIds})
 * ns:{q}:outbox              hash    job id -> what its batch or flow parent must still hear
 * ns:{q}:cancel-requests     zset    ids of running jobs asked to stop (score = time of the request)
 * ns:{q}:cancelled           zset    cancelled jobs (element, score = time), the most recent 1,000 / 7 days
 * ns:{batch:B}:info          hash    batch B's counts, options and callback flags
 * ns:{batch:B}:members       hash    job id -> 'p' (pending) or its outcome
 * ns:batches                 zset    batch ids by creation time (global; single-key commands only)
 * ns:batches:active          zset    batches whose callbacks are not confirmed yet (for the sweeper)
 * </pre>
 * Channels (not keys): {@code ns:job-finished} carries the ids of awaited jobs that finished;
 * {@code ns:job-cancel} the ids of running jobs asked to stop.
 */
public record LifecycleKeys(Namespace ns) {

    /** The status hash of tracked job {@code jobId} ({@code <id>@<queue>}): the queue's tag, the id without the queue. */
    public String status(String jobId) {
        return status(TrackedIds.queueOf(jobId), jobId);
    }

    public String status(String queue, String jobId) {
        int at = jobId.indexOf('@');
        return ns.tagged(queue, "job", at < 0 ? jobId : jobId.substring(0, at));
    }

    public String outbox(String queue) {
        return ns.tagged(queue, "outbox");
    }

    public String cancelRequests(String queue) {
        return ns.tagged(queue, "cancel-requests");
    }

    public String cancelled(String queue) {
        return ns.tagged(queue, "cancelled");
    }

    public String batchInfo(String batchId) {
        return ns.tagged("batch:" + batchId, "info");
    }

    public String batchMembers(String batchId) {
        return ns.tagged("batch:" + batchId, "members");
    }

    public String batches() {
        return ns.plain("batches");
    }

    public String activeBatches() {
        return ns.plain("batches", "active");
    }

    public String finishedChannel() {
        return ns.plain("job-finished");
    }

    public String cancelChannel() {
        return ns.plain("job-cancel");
    }
}
