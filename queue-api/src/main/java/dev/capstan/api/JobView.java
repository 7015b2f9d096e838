package dev.capstan.api;

/**
 * A job as the admin API shows it: where it is, and for in-flight jobs which worker holds it.
 * {@code at} is the time that matters in that state (run time, death time; 0 when none).
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
