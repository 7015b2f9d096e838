package dev.capstan.api;

import java.util.Map;
import java.util.OptionalLong;

/** What a running handler can know and do about its job. */
public interface JobContext {

    String jobId();

    String type();

    String queue();

    /**
     * The number of this run, counted from 1: 1 for the first run, 2 for the first retry, and so on,
     * up to the type's max attempts. Every Capstan surface counts attempts this way: the worker's log
     * ("attempt 2 of 25"), the dashboard, {@link JobView#attempt()} and the admin JSON. Runs that were
     * put off without running the handler (throttled, switched off, idempotency key busy) and returns
     * from a dead worker do not count.
     */
    int attempt();

    Map<String, String> metadata();

    /**
     * The fencing token of the lock held on the job's idempotency key, when it has one: a number
     * that strictly increases with every acquisition, so a resource can reject writes from a
     * holder whose lease has expired.
     */
    OptionalLong fencingToken();

    /** Publishes live progress (0-100 and a short message); it expires if the worker dies. */
    void progress(int percent, String message);

    /** True once the worker asks running jobs to stop (shutdown timeout, cancellation). */
    boolean isCancelled();
}
