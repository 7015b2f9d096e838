package dev.capstan.worker;

import dev.capstan.redis.queue.FetchedJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a worker does with each heartbeat besides being alive: renews the leases of the idempotency-key
 * locks its running jobs hold (a lock found gone fences its copy off: the job was recovered elsewhere),
 * reconciles at once when the heartbeat had lapsed (the reaper may have taken jobs back), and reports
 * since when it holds each job (the "held for" of the admin API).
 */
final class HeartbeatDuties {
    private static final Logger log = LoggerFactory.getLogger(HeartbeatDuties.class);

    private final IdempotencyGuard guard;
    private final RunningJobs running;
    private final HeldJobs held;
    private final String workerId;
    private volatile ProcessingListReconciler reconciler;

    HeartbeatDuties(IdempotencyGuard guard, RunningJobs running, HeldJobs held, String workerId) {
        this.guard = guard;
        this.running = running;
        this.held = held;
        this.workerId = workerId;
    }

    /** The reconciler to poke on a lapse (set once it exists; beats before that only renew). */
    void reconciler(ProcessingListReconciler reconciler) {
        this.reconciler = reconciler;
    }

    /** After a successful beat, on the heartbeat thread. */
    void afterBeat(boolean lapsed) {
        ProcessingListReconciler r = reconciler;
        if (lapsed && r != null) {
            r.poke();
        }
        for (String element : guard.renewAll()) {
            FetchedJob job = running.fence(element);
            if (job != null) {
                log.warn("job {}: the lock of idempotency key {} is gone (worker {} was silent past its heartbeat TTL, "
                        + "and the job was recovered): stopping this copy; its completion is not recorded",
                        job.job().id(), job.job().idempotencyKey(), workerId);
            }
        }
    }

    /** "jobId=epochMs,..." for every job this worker holds and has started: since when it holds it. */
    String heldSince() {
        StringBuilder out = new StringBuilder();
        for (HeldJobs.Entry e : held.entries()) {
            if (e.jobId != null) {
                if (out.length() > 0) {
                    out.append(',');
                }
                out.append(e.jobId).append('=').append(e.heldSince);
            }
        }
        return out.toString();
    }
}
