package dev.capstan.api;

/**
 * A job as the admin API shows it: where it is, and for in-flight jobs which worker holds it.
 * {@code at} is the time that matters in that state (epoch ms, 0 when unknown): for a waiting job
 * none, for an in-flight job since when its worker holds it (0 when the worker does not report it: it
 * was just fetched, its fetch reply was lost, or its worker stopped heartbeating), for a scheduled or
 * retry job its run time, for a dead job its time of death. For {@link JobState#WAITING_FOR_KEY} the
 * worker is the one whose copy holds the key's lock.
 */
public record JobView(Job job, JobState state, String workerId, long at) {

    /**
     * The job's attempt number as users see it, counted from 1 (as {@link JobContext#attempt()}): the
     * run in progress or the next one; for a dead job, its last run. Shown as "attempt N of max".
     */
    public int attempt() {
        return state == JobState.DEAD ? Math.max(1, job.attempt()) : job.nextAttemptNumber();
    }
}
