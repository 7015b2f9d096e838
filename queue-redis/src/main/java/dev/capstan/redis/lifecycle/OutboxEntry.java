package dev.capstan.redis.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a finished job's batch or flow parent must still hear, as the job's final step wrote it into
 * its queue's outbox (JSON built by the scripts): the outcome, when, the batch and parent ids, what
 * the failure does to the parent, and the result or error.
 */
record OutboxEntry(String outcome, long at, String batchId, String parentId, String onFailure, String result,
                   String error) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static OutboxEntry parse(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            return new OutboxEntry(text(n, "o"), n.path("at").asLong(), text(n, "b"), text(n, "p"), text(n, "f"),
                    text(n, "r"), text(n, "e"));
        } catch (Exception e) {
            throw new IllegalArgumentException("unreadable outbox entry: " + json, e);
        }
    }

    private static String text(JsonNode n, String field) {
        String v = n.path(field).asText("");
        return v.isEmpty() ? null : v;
    }
}
