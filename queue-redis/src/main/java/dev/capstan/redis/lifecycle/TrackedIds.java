package dev.capstan.redis.lifecycle;

import dev.capstan.api.JobIds;
import dev.capstan.api.JobRequest;
import dev.capstan.api.QueueNames;

/**
 * Ids of tracked jobs name their queue: {@code <job id>@<queue>}, the job id generated (20 characters)
 * or the request's own ({@link JobRequest#jobId}). So any process finds a
 * tracked job's status key from its id alone (in O(1), without knowing the queue), and the key
 * still shares the queue's hash tag, so every change of the job's state updates its status in the
 * same script, in the same slot. Queue names cannot contain '@', plain ids neither.
 */
public final class TrackedIds {
    private TrackedIds() {}

    public static String next(String queue) {
        return JobIds.next() + "@" + queue;
    }

    /**
     * The id of a tracked job for {@code request}: its own job id ({@link JobRequest#jobId}) when it chose
     * one, so that enqueuing it again is a no-op, else a new one; either way followed by {@code @queue}.
     */
    public static String of(JobRequest request) {
        return (request.jobId() != null ? request.jobId() : JobIds.next()) + "@" + request.queue();
    }

    /** True for the id of a tracked job (one that names its queue). */
    public static boolean isTracked(String jobId) {
        return jobId != null && jobId.indexOf('@') > 0;
    }

    /** The queue a tracked job id names. */
    public static String queueOf(String jobId) {
        int at = jobId == null ? -1 : jobId.indexOf('@');
        if (at <= 0 || at == jobId.length() - 1) {
            throw new IllegalArgumentException("'" + jobId + "' is not the id of a tracked job (<id>@<queue>)");
        }
        return QueueNames.requireValidQueue(jobId.substring(at + 1));
    }
}
