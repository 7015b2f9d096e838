package dev.capstan.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A batch's description and callbacks. A callback is a job of the given type whose arguments are a
 * {@link BatchEvent} (the batch's counts, plus the options given here); it runs on
 * {@link #callbackQueue} (default "default").
 *
 * <pre>{@code
 * BatchOptions.described("import 2024-05")
 *         .onSuccess("import-succeeded", Map.of("file", "2024-05.csv"))
 *         .onComplete("import-finished", Map.of());
 * }</pre>
 */
public final class BatchOptions {
    /** How long a finished batch's progress is kept by default. */
    public static final Duration DEFAULT_KEEP = Duration.ofDays(7);

    private final String description;
    private String successType;
    private Map<String, String> successOptions = Map.of();
    private String completeType;
    private Map<String, String> completeOptions = Map.of();
    private String callbackQueue = "default";
    private Duration keep = DEFAULT_KEEP;

    private BatchOptions(String description) {
        this.description = description == null ? "" : description;
    }

    public static BatchOptions described(String description) {
        return new BatchOptions(description);
    }

    /** Enqueue a job of {@code type} once every job of the batch has succeeded. */
    public BatchOptions onSuccess(String type, Map<String, String> options) {
        this.successType = QueueNames.requireValidType(type);
        this.successOptions = new LinkedHashMap<>(Objects.requireNonNull(options, "options"));
        return this;
    }

    /** Enqueue a job of {@code type} once every job of the batch has finished, succeeded or not. */
    public BatchOptions onComplete(String type, Map<String, String> options) {
        this.completeType = QueueNames.requireValidType(type);
        this.completeOptions = new LinkedHashMap<>(Objects.requireNonNull(options, "options"));
        return this;
    }

    public BatchOptions callbackQueue(String queue) {
        this.callbackQueue = QueueNames.requireValidQueue(queue);
        return this;
    }

    /** How long the batch's progress (and its callbacks' status) is kept after it completes. */
    public BatchOptions keep(Duration retention) {
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("a batch needs a positive retention, was " + retention);
        }
        this.keep = retention;
        return this;
    }

    public String description() {
        return description;
    }

    public String successType() {
        return successType;
    }

    public Map<String, String> successOptions() {
        return Map.copyOf(successOptions);
    }

    public String completeType() {
        return completeType;
    }

    public Map<String, String> completeOptions() {
        return Map.copyOf(completeOptions);
    }

    public String callbackQueue() {
        return callbackQueue;
    }

    public Duration keep() {
        return keep;
    }
}
