package dev.capstan.redis.lifecycle;

import dev.capstan.api.CancelResult;
import dev.capstan.api.Job;
import dev.capstan.api.JobState;
import dev.capstan.api.LifecycleMetadata;
import dev.capstan.redis.lifecycle.LifecycleBroker.Finish;
import dev.capstan.redis.queue.FoundJob;
import dev.capstan.redis.queue.JobFinder;
import dev.capstan.redis.queue.QueueKeys;
import java.util.Map;
import java.util.Optional;

/**
 * Cancels a job by id from any process. A tracked job's status says where to look (its id names its
 * queue); any other job is found by a scan, as the admin API finds jobs. A waiting or scheduled job is
 * removed and ends cancelled in one script (finish.lua); a flow parent waiting for children likewise
 * (cancel_held.lua); a running job gets a cancel request, which its worker hears through pub/sub, or
 * failing that at its next heartbeat, or at its next settle step. A job that moves while we look (it
 * is fetched, promoted, retried) is looked for again.
 */
final class JobCanceller {
    private static final int ATTEMPTS = 5;

    private final LifecycleBroker broker;
    private final JobFinder finder;
    private final OutboxRelay relay;

    JobCanceller(LifecycleBroker broker, JobFinder finder, OutboxRelay relay) {
        this.broker = broker;
        this.finder = finder;
        this.relay = relay;
    }

    CancelResult cancel(String jobId) {
        boolean trackedId = TrackedIds.isTracked(jobId);
        String queue = trackedId ? TrackedIds.queueOf(jobId) : null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Map<String, String> status = trackedId ? broker.status(queue, jobId) : Map.of();
            String state = status.get("state");
            if ("succeeded".equals(state) || "dead".equals(state) || "cancelled".equals(state)) {
                return CancelResult.ALREADY_FINISHED;
            }
            if ("waiting-children".equals(state)) {
                if (broker.cancelHeld(queue, jobId)) {
                    relay.processIfPresent(queue, jobId);
                    return CancelResult.CANCELLED;
                }
                continue; // released meanwhile: look again
            }
            Optional<FoundJob> found = trackedId ? finder.findIn(queue, jobId) : finder.find(jobId);
            if (found.isEmpty()) {
                if (state == null) {
                    return CancelResult.NOT_FOUND;
                }
                continue; // a tracked job between two places (or just finishing): look again
            }
            Optional<CancelResult> done = cancelFound(found.get(), !status.isEmpty());
            if (done.isPresent()) {
                return done.get();
            }
        }
        return CancelResult.NOT_FOUND;
    }

    /** Empty when the job moved before we could act: the caller looks again. */
    private Optional<CancelResult> cancelFound(FoundJob found, boolean hasStatus) {
        Job job = found.view().job();
        JobState where = found.view().state();
        QueueKeys k = broker.queues().keys(job.queue());
        switch (where) {
            case DEAD -> {
                return Optional.of(CancelResult.ALREADY_FINISHED);
            }
            case IN_FLIGHT -> {
                if (!broker.requestCancel(job.queue(), job.id(), hasStatus)) {
                    return Optional.of(CancelResult.ALREADY_FINISHED);
                }
                broker.publishCancel(job.id());
                return Optional.of(CancelResult.CANCEL_REQUESTED);
            }
            default -> {
                boolean sortedSet = where != JobState.WAITING;
                Map<String, String> meta = job.metadata();
                LifecycleBroker.Finished outcome = broker.finish(new Finish(job.queue(), sortedSet ? k.scheduled() : k.pending(), sortedSet,
                        found.element(), job.id(), "cancelled", null, null, "cancelled", hasStatus, null, null, null,
                        job.dedupKey(), meta.get(LifecycleMetadata.BATCH), meta.get(LifecycleMetadata.PARENT),
                        meta.get(LifecycleMetadata.ON_FAILURE)));
                if (outcome == null) {
                    return Optional.empty();
                }
                if (outcome.outboxEntry() != null) {
                    relay.process(job.queue(), job.id(), outcome.outboxEntry());
                }
                return Optional.of(CancelResult.CANCELLED);
            }
        }
    }
}
