package dev.capstan.redis.lifecycle;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.api.BatchEvent;
import dev.capstan.api.JobRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Records member outcomes in a batch and enqueues the callbacks that fire. Exactly once per batch and
 * event: the firing is a flag set inside the batch's script (so of two jobs finishing at once only
 * one fires it), and the callback job's id is derived from the batch and the event
 * ({@code <batch>-<event>@<queue>}), so enqueuing it again after a crash finds its status and adds
 * nothing. A fired callback is confirmed once enqueued; the sweeper enqueues those left unconfirmed.
 */
final class BatchCallbacks {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> SPEC = new TypeReference<>() {};

    private final LifecycleBroker broker;
    private LifecycleEnqueue enqueue;

    BatchCallbacks(LifecycleBroker broker) {
        this.broker = broker;
    }

    void enqueueWith(LifecycleEnqueue enqueue) {
        this.enqueue = enqueue;
    }

    /**
     * Records that {@code jobId} ended with {@code outcome} ('sealed' for the producer's seal; 'check'
     * records nothing) and enqueues the callbacks fired and not yet confirmed. False when the batch is
     * gone (past its retention).
     */
    boolean record(String batchId, String jobId, String outcome) {
        List<Object> out = broker.batchRecord(batchId, jobId, outcome);
        if (out.isEmpty()) {
            return false;
        }
        long total = number(out.get(0));
        long succeeded = number(out.get(1));
        long dead = number(out.get(2));
        long cancelled = number(out.get(3));
        long pending = number(out.get(4));
        if (out.size() > 5) {
            Map<String, String> info = broker.batchInfo(batchId);
            for (Object event : out.subList(5, out.size())) {
                fire(batchId, (String) event, info, new long[] {total, succeeded, dead, cancelled});
                broker.confirmCallback(batchId, (String) event);
            }
        }
        if (pending <= 0) {
            broker.inactive(batchId); // complete, and every fired callback confirmed
        }
        return true;
    }

    /** The sweeper's pass over an active batch: enqueues callbacks left unconfirmed; forgets a batch that is gone. */
    void check(String batchId) {
        if (!record(batchId, "", "check")) {
            broker.forgetBatch(batchId);
        }
    }

    private void fire(String batchId, String event, Map<String, String> info, long[] counts) {
        Map<String, Object> spec = parse(info.get("cb:" + event));
        String queue = info.getOrDefault("cbQueue", "default");
        @SuppressWarnings("unchecked")
        Map<String, String> options = (Map<String, String>) spec.getOrDefault("options", Map.of());
        BatchEvent args = new BatchEvent(batchId, event, info.getOrDefault("description", ""), counts[0], counts[1],
                counts[2], counts[3], options);
        Duration keep = Duration.ofMillis(Long.parseLong(info.getOrDefault("keep", "604800000")));
        enqueue.tracked(JobRequest.of((String) spec.get("type"), args).queue(queue), batchId + "-" + event + "@" + queue,
                keep, Map.of(), 0);
    }

    static String spec(String type, Map<String, String> options) {
        try {
            return JSON.writeValueAsString(Map.of("type", type, "options", options));
        } catch (Exception e) {
            throw new IllegalArgumentException("callback options cannot be written as JSON", e);
        }
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, SPEC);
        } catch (Exception e) {
            throw new IllegalStateException("unreadable batch callback: " + json, e);
        }
    }

    private static long number(Object o) {
        if (o instanceof Long l) {
            return l;
        }
        return o == null ? 0 : Long.parseLong(o.toString());
    }
}
