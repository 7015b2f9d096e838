package dev.capstan.redis.lifecycle;

import dev.capstan.api.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out outbox entries: tells a finished job's batch (in the batch's slot) and its flow parent
 * (in the parent's slot) what became of it, then removes the entry (in the job's slot). Each step is
 * one single-slot script and idempotent (a batch counts a job once per outcome, a parent records a
 * child once), so an entry processed twice, by the finishing worker and by the sweeper after that
 * worker died half-way, changes nothing the second time. A parent that dies of a child's failure
 * leaves an entry in its own slot, carried out next in the same way.
 */
final class OutboxRelay {
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final LifecycleBroker broker;
    private final BatchCallbacks batches;

    OutboxRelay(LifecycleBroker broker, BatchCallbacks batches) {
        this.broker = broker;
        this.batches = batches;
    }

    /** Carries out the entry of {@code jobId} in {@code queue}'s outbox, if there is one. */
    void processIfPresent(String queue, String jobId) {
        String entry = broker.outboxEntry(queue, jobId);
        if (entry != null) {
            process(queue, jobId, entry);
        }
    }

    void process(String queue, String jobId, String raw) {
        OutboxEntry entry;
        try {
            entry = OutboxEntry.parse(raw);
        } catch (IllegalArgumentException e) {
            log.error("queue {}: dropping an outbox entry of job {} that cannot be read: {}", LogText.escape(queue),
                    LogText.escape(jobId), LogText.escape(raw));
            broker.outboxDone(queue, jobId, raw);
            return;
        }
        if (entry.batchId() != null) {
            batches.record(entry.batchId(), jobId, entry.outcome());
        }
        if (entry.parentId() != null) {
            String what = broker.childDone(entry.parentId(), jobId, entry.outcome(), entry.result(), entry.error(),
                    entry.onFailure());
            if ("failed".equals(what) || "duplicate".equals(what)) {
                // The parent died of this child (now, or on an earlier pass): carry its own entry on.
                processIfPresent(TrackedIds.queueOf(entry.parentId()), entry.parentId());
            }
        }
        broker.outboxDone(queue, jobId, raw);
    }
}
