package dev.capstan.api;

import java.util.List;

/**
 * The job store (Redis) could not be reached, or could not serve, while writing jobs. Which of two
 * cases it was decides what the caller may do, and {@link #outcome()} says it:
 * <ul>
 *   <li>{@link Outcome#NOT_STORED}: the request surely did not reach the store (no connection could be
 *       made, or the server refused it, e.g. {@code LOADING} while it reads its data after a restart).
 *       Nothing was written: enqueue again.</li>
 *   <li>{@link Outcome#UNKNOWN}: the request was sent and no reply came (a stalled or dropped connection,
 *       a server that died while answering). The jobs may have been stored, and then they run. Enqueue
 *       again only requests that carry their own job id ({@link JobRequest#jobId(String)}): such a
 *       repeated enqueue is a no-op when the first one was stored. Without a job id, enqueuing again may
 *       run the job twice.</li>
 * </ul>
 */
public class StoreUnavailableException extends CapstanException {
    /** Whether the jobs of the failed call may have been stored. */
    public enum Outcome { NOT_STORED, UNKNOWN }

    private final Outcome outcome;
    private final List<String> jobIds;

    /** The request was refused before anything was stored ({@link Outcome#NOT_STORED}). */
    public StoreUnavailableException(String message, Throwable cause) {
        this(message, cause, Outcome.NOT_STORED, List.of());
    }

    public StoreUnavailableException(String message, Throwable cause, Outcome outcome, List<String> jobIds) {
        super(message, cause);
        this.outcome = outcome;
        this.jobIds = List.copyOf(jobIds);
    }

    public Outcome outcome() {
        return outcome;
    }

    /** True when the jobs may have been stored (the request was sent, no reply came). */
    public boolean outcomeUnknown() {
        return outcome == Outcome.UNKNOWN;
    }

    /** The ids of the jobs whose fate this exception is about (for {@link Outcome#UNKNOWN}: look them up later). */
    public List<String> jobIds() {
        return jobIds;
    }
}
