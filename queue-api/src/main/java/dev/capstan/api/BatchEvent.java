package dev.capstan.api;

import java.util.Map;

/**
 * The arguments of a batch callback job: which batch, which event ("success" or "complete"), its
 * counts when the event fired, and the options given with the callback in {@link BatchOptions}.
 */
public record BatchEvent(String batchId, String event, String description, long total, long succeeded, long dead,
                         long cancelled, Map<String, String> options) {
    public static final String SUCCESS = "success";
    public static final String COMPLETE = "complete";

    public BatchEvent {
        options = options == null ? Map.of() : Map.copyOf(options);
    }
}
