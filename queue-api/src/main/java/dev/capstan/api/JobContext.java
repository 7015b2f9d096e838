package dev.capstan.api;

import java.util.Map;
import java.util.OptionalLong;

/** What a running handler can know and do about its job. */
public interface JobContext {

    String jobId();

    String type();

    String queue();

    /** 0 for the first run, 1 for the first retry, and so on. */
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
