package dev.capstan.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
    /** Short arguments skip the read-back check, long ones get a quick scan first (see {@link JsonReadLimits}). */
    private final JsonReadLimits readLimits;
    /** One reader per argument type, looked up once: finding the deserializer per job showed in profiles. */
    private final java.util.Map<Class<?>, com.fasterxml.jackson.databind.ObjectReader> readers =
            new java.util.concurrent.ConcurrentHashMap<>();

    public JacksonJobCodec() {
        this(new ObjectMapper(JsonFactory.builder()
                // Buffers shared across threads: every job runs on a new virtual thread, so per-thread
                // buffers were allocated afresh for each job.
                .recyclerPool(JsonRecyclerPools.sharedLockFreePool())
                // Error messages quote the stored text themselves; keeping a reference per parser cost time.
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build())
                .findAndRegisterModules()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false));
    }

    public JacksonJobCodec(ObjectMapper mapper) {
        this.mapper = mapper;
        this.readLimits = new JsonReadLimits(mapper.getFactory().streamReadConstraints());
    }

    /**
     * Writes the envelope by hand into one StringBuilder (Jackson only escapes the strings): creating
     * a JSON generator per job cost more than the job's whole envelope. The arguments are already JSON.
     */
    @Override
    public String encode(Job job) {
        StringBuilder out = new StringBuilder(160 + job.args().length());
        out.append("{\"id\":");
        string(out, job.id());
        out.append(",\"type\":");
        string(out, job.type());
        out.append(",\"queue\":");
        string(out, job.queue());
        out.append(",\"args\":").append(job.args());
        numberIfPositive(out, "attempt", job.attempt());
        out.append(",\"maxAttempts\":").append(job.maxAttempts());
        out.append(",\"createdAt\":").append(job.createdAt());
        numberIfPositive(out, "enqueuedAt", job.enqueuedAt());
        numberIfPositive(out, "runAt", job.runAt());
        stringIfPresent(out, "idempotencyKey", job.idempotencyKey());
        stringIfPresent(out, "dedupKey", job.dedupKey());
        if (!job.metadata().isEmpty()) {
            out.append(",\"meta\":{");
            boolean first = true;
            for (Map.Entry<String, String> e : job.metadata().entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, e.getKey());
                out.append(':');
                if (e.getValue() == null) {
                    out.append("null");
                } else {
                    string(out, e.getValue());
                }
            }
            out.append('}');
        }
        numberIfPositive(out, "recoveries", job.recoveries());
        if (job.lastError() != null) {
            JobError err = job.lastError();
            out.append(",\"error\":{\"at\":").append(err.at());
            stringIfPresent(out, "class", err.className());
            stringIfPresent(out, "message", err.message());
            stringIfPresent(out, "stack", err.stackTrace());
            out.append('}');
        }
        return out.append('}').toString();
    }

    private static void string(StringBuilder out, String value) {
        out.append('"');
        boolean plain = true;
        for (int i = 0; i < value.length() && plain; i++) {
            char c = value.charAt(i);
            plain = c >= 0x20 && c != '"' && c != '\\';
        }
        if (plain) {
            out.append(value);
        } else {
            out.append(JsonStringEncoder.getInstance().quoteAsString(value));
        }
        out.append('"');
    }

    private static void stringIfPresent(StringBuilder out, String field, String value) {
        if (value != null) {
            out.append(",\"").append(field).append("\":");
            string(out, value);
        }
    }

    private static void numberIfPositive(StringBuilder out, String field, long value) {
        if (value > 0) {
            out.append(",\"").append(field).append("\":").append(value);
        }
    }

    /**
     * Decodes with a streaming parser: the arguments are kept as the exact text they were stored as
     * (no tree built, nothing re-serialised), which is what the fetch path spends its time on.
     */
    @Override
    public Job decode(String stored) {
        if (stored == null) {
            throw new JobDecodeException("stored job is null", null);
        }
        try (JsonParser p = mapper.getFactory().createParser(stored)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new JobDecodeException("stored job is not a JSON object: " + preview(stored), null);
            }
            Fields f = new Fields();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "id" -> f.id = text(p, value, field, stored);
                    case "type" -> f.type = text(p, value, field, stored);
                    case "queue" -> f.queue = text(p, value, field, stored);
                    case "args" -> f.args = rawValue(p, value, stored);
                    case "attempt" -> f.attempt = intValue(p, value, field, stored);
                    case "maxAttempts" -> f.maxAttempts = intValue(p, value, field, stored);
                    case "createdAt" -> f.createdAt = longValue(p, value, field, stored);
                    case "enqueuedAt" -> f.enqueuedAt = longValue(p, value, field, stored);
                    case "runAt" -> f.runAt = longValue(p, value, field, stored);
                    case "idempotencyKey" -> f.idempotencyKey = text(p, value, field, stored);
                    case "dedupKey" -> f.dedupKey = text(p, value, field, stored);
                    case "recoveries" -> f.recoveries = intValue(p, value, field, stored);
                    case "meta" -> f.meta = readMeta(p, value);
                    case "error" -> f.error = readError(p, value);
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                // e.g. '{...}{...}': a job must be exactly one object, or a second one could hide in it
                throw new JobDecodeException("stored job has text after its JSON object: " + preview(stored), null);
            }
            return new Job(required(f.id, "id", stored), required(f.type, "type", stored),
                    required(f.queue, "queue", stored), requiredArgs(f.args, stored), f.attempt, f.maxAttempts,
                    f.createdAt, f.enqueuedAt, f.runAt, f.idempotencyKey, f.dedupKey, f.meta, f.recoveries, f.error);
        } catch (JsonProcessingException e) {
            throw new JobDecodeException("stored job is not valid JSON (" + e.getOriginalMessage() + "): "
                    + preview(stored), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value's exact text in the stored string: objects and arrays are skipped over, not built. */
    private static String rawValue(JsonParser p, JsonToken value, String stored) throws IOException {
        int start = (int) p.currentTokenLocation().getCharOffset();
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            p.skipChildren();
        } else if (value == JsonToken.VALUE_STRING) {
            p.getText(); // consume the whole string so the location below is past it
        }
        int end = (int) p.currentLocation().getCharOffset();
        return stored.substring(start, end).strip();
    }

    /** A field that must be a string (or null): anything else makes the element undecodable. */
    private static String text(JsonParser p, JsonToken value, String field, String stored) {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw wrongType(field, "a string", value, stored);
        }
        try {
            return p.getText();
        } catch (IOException e) {
            throw new JobDecodeException("stored job's '" + field + "' does not read: " + preview(stored), e);
        }
    }

    /** A field that must be a whole number that fits an int: {@code "attempt":"abc"} is not 0 but undecodable. */
    private static int intValue(JsonParser p, JsonToken value, String field, String stored) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            throw wrongType(field, "a whole number (int)", value, stored);
        }
        return p.getIntValue();
    }

    private static long longValue(JsonParser p, JsonToken value, String field, String stored) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT
                || (p.getNumberType() != JsonParser.NumberType.INT && p.getNumberType() != JsonParser.NumberType.LONG)) {
            throw wrongType(field, "a whole number (long)", value, stored);
        }
        return p.getLongValue();
    }

    private static JobDecodeException wrongType(String field, String expected, JsonToken value, String stored) {
        return new JobDecodeException("stored job's '" + field + "' must be " + expected + ", is " + value + ": "
                + preview(stored), null);
    }

    private static String textOrNull(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            p.skipChildren();
            return null;
        }
        return p.getValueAsString();
    }

    private static Map<String, String> readMeta(JsonParser p, JsonToken value) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return meta;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            meta.put(key, textOrNull(p, v));
        }
        return meta;
    }

    private static JobError readError(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        String className = null;
        String message = null;
        String stack = null;
        long at = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            switch (key) {
                case "class" -> className = textOrNull(p, v);
                case "message" -> message = textOrNull(p, v);
                case "stack" -> stack = textOrNull(p, v);
                case "at" -> at = p.getValueAsLong();
                default -> p.skipChildren();
            }
        }
        return new JobError(className, message, stack, at);
    }

    /** Mutable holder for the fields while parsing. */
    private static final class Fields {
        String id;
        String type;
        String queue;
        String args;
        int attempt;
        int maxAttempts = Job.DEFAULT_MAX_ATTEMPTS;
        long createdAt;
        long enqueuedAt;
        long runAt;
        String idempotencyKey;
        String dedupKey;
        Map<String, String> meta;
        int recoveries;
        JobError error;
    }

    /**
     * Writes the arguments as JSON, and refuses arguments that this codec could not read back (a
     * number longer than Jackson reads, by default 1,000 digits, or a name or nesting past its read
     * limits): stored anyway, such a job would only die undecodable later, under another id.
     *
     * @throws IllegalArgumentException if the arguments cannot be written, or could not be read back
     */
    @Override
    public String encodeArgs(Object args) {
        String json = write(args, false);
        if (json.length() <= readLimits.safeLength()) {
            // Short (most jobs): no read limit can be reached; only a raw lone surrogate needs the escaping writer.
            return UnicodeText.loneSurrogateAt(json) >= 0 ? write(args, true) : json;
        }
        int found = readLimits.scan(json); // long: one pass looks for both
        if ((found & JsonReadLimits.SURROGATE) != 0 && UnicodeText.loneSurrogateAt(json) >= 0) {
            json = write(args, true);
        }
        if ((found & JsonReadLimits.MIGHT_EXCEED) != 0) {
            requireReadable(json, args);
        }
        return json;
    }

    /**
     * The arguments as JSON text. A raw lone UTF-16 surrogate would reach Redis as '?', so when there is
     * one ({@code escaping}) they are written by Jackson's UTF-8 writer, which escapes it ({@code \\uXXXX})
     * and so reads back exactly; that writer costs about a quarter more, so only then.
     */
    private String write(Object args, boolean escaping) {
        try {
            return escaping ? new String(mapper.writeValueAsBytes(args), java.nio.charset.StandardCharsets.UTF_8)
                    : mapper.writeValueAsString(args);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("job arguments of type " + args.getClass().getName()
                    + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads the written JSON back token by token, under the same read limits as {@link #decode}. */
    private void requireReadable(String json, Object args) {
        try (JsonParser p = mapper.getFactory().createParser(json)) {
            while (p.nextToken() != null) {
                // tokenizing checks every limit: number length, name and string length, nesting depth
            }
        } catch (IOException e) {
            String what = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException("job arguments of type " + args.getClass().getName()
                    + " could not be read back, so they are refused: " + what, e);
        }
    }


    @Override
    public <A> A decodeArgs(String json, Class<A> type) {
        try {
            return readers.computeIfAbsent(type, mapper::readerFor).readValue(json);
        } catch (JsonProcessingException e) {
            throw new JobDecodeException("job arguments do not decode into " + type.getName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    private static String required(String value, String field, String stored) {
        if (value == null || value.isEmpty()) {
            throw new JobDecodeException("stored job has no '" + field + "' field: " + preview(stored), null);
        }
        return value;
    }

    private static String requiredArgs(String args, String stored) {
        if (args == null) {
            throw new JobDecodeException("stored job has no 'args' field: " + preview(stored), null);
        }
        return args;
    }

    static String preview(String stored) {
        if (stored == null) {
            return "(null)";
        }
        return stored.length() <= MAX_PREVIEW ? stored : stored.substring(0, MAX_PREVIEW) + "...";
    }
}
