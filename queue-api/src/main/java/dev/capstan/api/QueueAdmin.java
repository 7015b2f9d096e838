package dev.capstan.api;

import java.util.List;
import java.util.Optional;

/** Looks into queues and repairs them; what the dashboard reads through. */
public interface QueueAdmin {

    List<QueueInfo> queues();

    QueueInfo queue(String name);

    Page<JobView> waiting(String queue, int offset, int limit);

    Page<JobView> inFlight(String queue, int offset, int limit);

    /** Delayed and retry jobs, soonest first; each view's state says which. */
    Page<JobView> scheduled(String queue, int offset, int limit);

    /** Dead jobs, most recent first. */
    Page<JobView> dead(String queue, int offset, int limit);

    /** Looks for a job by id in every state of every queue. Cost grows with the number of jobs. */
    Optional<JobView> find(String jobId);

    /** Deletes a waiting, scheduled, retry or dead job; false if no such job is found there. */
    boolean delete(String jobId);

    /** Moves one dead job back to its queue with its attempts reset. */
    boolean retryDead(String queue, String jobId);

    /** Moves all dead jobs of {@code queue} back to it; returns how many. */
    long retryAllDead(String queue);

    /** Deletes every waiting job of {@code queue}; returns how many. In-flight jobs finish. */
    long purge(String queue);
}
