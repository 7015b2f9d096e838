package dev.capstan.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The default codec: one compact JSON object per job. Fields that are zero or empty are left out
 * to keep Redis memory per waiting job small; {@code args} is embedded as JSON, not as a string.
 */
public final class JacksonJobCodec implements JobCodec {
    private static final int MAX_PREVIEW = 120;
    private final ObjectMapper mapper;

    public JacksonJobCodec() {
        this(new ObjectMapper().findAndRegisterModules()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false));
    }

    public JacksonJobCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public String encode(Job job) {
        StringWriter out = new StringWriter(128 + job.args().length());
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", job.id());
            g.writeStringField("type", job.type());
            g.writeStringField("queue", job.queue());
            g.writeFieldName("args");
            g.writeRawValue(job.args());
            writeIfPositive(g, "attempt", job.attempt());
            g.writeNumberField("maxAttempts", job.maxAttempts());
            g.writeNumberField("createdAt", job.createdAt());
            writeIfPositive(g, "enqueuedAt", job.enqueuedAt());
            writeIfPositive(g, "runAt", job.runAt());
            writeIfPresent(g, "idempotencyKey", job.idempotencyKey());
            writeIfPresent(g, "dedupKey", job.dedupKey());
            if (!job.metadata().isEmpty()) {
                g.writeObjectFieldStart("meta");
                for (Map.Entry<String, String> e : job.metadata().entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            writeIfPositive(g, "recoveries", job.recoveries());
            if (job.lastError() != null) {
                JobError err = job.lastError();
                g.writeObjectFieldStart("error");
                writeIfPresent(g, "class", err.className());
                writeIfPresent(g, "message", err.message());
                writeIfPresent(g, "stack", err.stackTrace());
                g.writeNumberField("at", err.at());
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode job " + job.id(), e);
        }
        return out.toString();
    }

    @Override
    public Job decode(String stored) {
        JsonNode node;
        try {
            node = mapper.readTree(stored);
        } catch (JsonProcessingException e) {
            throw new JobDecodeException("stored job is not valid JSON (" + e.getOriginalMessage() + "): "
                    + preview(stored), e);
        }
        if (node == null || !node.isObject()) {
            throw new JobDecodeException("stored job is not a JSON object: " + preview(stored), null);
        }
        Map<String, String> meta = new LinkedHashMap<>();
        JsonNode metaNode = node.get("meta");
        if (metaNode != null && metaNode.isObject()) {
            metaNode.fields().forEachRemaining(e -> meta.put(e.getKey(), e.getValue().asText()));
        }
        JobError error = null;
        JsonNode err = node.get("error");
        if (err != null && err.isObject()) {
            error = new JobError(text(err, "class"), text(err, "message"), text(err, "stack"), err.path("at").asLong());
        }
        return new Job(required(node, "id", stored), required(node, "type", stored),
                required(node, "queue", stored), requiredArgs(node, stored),
                node.path("attempt").asInt(), node.path("maxAttempts").asInt(Job.DEFAULT_MAX_ATTEMPTS),
                node.path("createdAt").asLong(), node.path("enqueuedAt").asLong(), node.path("runAt").asLong(),
                text(node, "idempotencyKey"), text(node, "dedupKey"), meta, node.path("recoveries").asInt(), error);
    }

    @Override
    public String encodeArgs(Object args) {
        try {
            return mapper.writeValueAsString(args);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("job arguments of type " + args.getClass().getName()
                    + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public <A> A decodeArgs(String json, Class<A> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new JobDecodeException("job arguments do not decode into " + type.getName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    private static String required(JsonNode node, String field, String stored) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new JobDecodeException("stored job has no '" + field + "' field: " + preview(stored), null);
        }
        return value.asText();
    }

    private static String requiredArgs(JsonNode node, String stored) {
        JsonNode args = node.get("args");
        if (args == null) {
            throw new JobDecodeException("stored job has no 'args' field: " + preview(stored), null);
        }
        return args.toString();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static void writeIfPositive(JsonGenerator g, String field, long value) throws IOException {
        if (value > 0) {
            g.writeNumberField(field, value);
        }
    }

    private static void writeIfPresent(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }

    static String preview(String stored) {
        if (stored == null) {
            return "(null)";
        }
        return stored.length() <= MAX_PREVIEW ? stored : stored.substring(0, MAX_PREVIEW) + "...";
    }
}
