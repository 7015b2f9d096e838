package dev.capstan.api;

/**
 * Code that runs jobs of one type.
 *
 * <p>{@link #type()} is the stable name stored in each job: renaming or moving the Java class does
 * not orphan jobs already queued. Arguments are decoded from the job's JSON into {@link #argsType()},
 * usually a record.
 *
 * @param <A> the argument type
 */
public interface JobHandler<A> {

    /** The job type name, e.g. "send-email". Stable across releases. */
    String type();

    /** The class the job's JSON arguments decode into. */
    Class<A> argsType();

    /**
     * Runs one job. Returning normally acknowledges it; throwing fails the attempt, which is retried
     * after the backoff until its attempts run out, then moved to the dead set. Throw
     * {@link JobOutcome.Discard}, {@link JobOutcome.SendToDead} or {@link JobOutcome.RetryLater}
     * to decide yourself.
     */
    void handle(A args, JobContext context) throws Exception;
}
