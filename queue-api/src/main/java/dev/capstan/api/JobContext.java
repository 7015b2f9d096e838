package dev.capstan.api;

import java.util.LinkedHashMap;
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

    /**
     * For a flow parent: the results of its children that succeeded, by child job id, decoded into
     * {@code type} (each child's {@link ResultHandler} result; null for a child without one). Empty for
     * jobs that are not flow parents.
     */
    default <R> Map<String, R> childResults(Class<R> type) {
        Map<String, R> out = new LinkedHashMap<>();
        childResultsJson().forEach((id, json) -> out.put(id, decodeResult(json, type)));
        return out;
    }

    /**
     * The one child's result, decoded into {@code type}: in a chain ({@code Flow.chain(a, b, c)}) the
     * result of the previous step. Null when the child had no result.
     *
     * @throws IllegalStateException when this job does not have exactly one child that succeeded
     */
    default <R> R childResult(Class<R> type) {
        Map<String, String> all = childResultsJson();
        if (all.size() != 1) {
            throw new IllegalStateException("job " + jobId() + " has " + all.size()
                    + " child results; childResult(type) is for a chain step with exactly one child");
        }
        return decodeResult(all.values().iterator().next(), type);
    }

    /** The raw results (JSON) of the children that succeeded, by child job id. */
    default Map<String, String> childResultsJson() {
        return Map.of();
    }

    /**
     * Children that failed ({@code ChildFailure.CONTINUE_PARENT}): child job id to what happened
     * ("dead: reason" or "cancelled").
     */
    default Map<String, String> failedChildren() {
        return Map.of();
    }

    /** Decodes one child result; the worker's context uses its job codec. */
    default <R> R decodeResult(String json, Class<R> type) {
        throw new UnsupportedOperationException("this context cannot decode results");
    }

    /** The batch this job belongs to, if any. */
    default java.util.Optional<String> batchId() {
        return java.util.Optional.ofNullable(metadata().get(LifecycleMetadata.BATCH));
    }
}
