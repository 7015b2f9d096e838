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
 * The default codec: one compact JSON object per job. Fields that are zero, empty or at their
 * default are left out to keep Redis memory per waiting job small ({@code maxAttempts} when it is
 * {@link Job#DEFAULT_MAX_ATTEMPTS}, {@code enqueuedAt} when it equals {@code createdAt} for a job
 * without a run-at, as for every job enqueued to run now); {@code args} is embedded as JSON, not as a
 * string. Elements written before these fields were left out still decode to the same job.
 *
 * <p>Decoding reads the common form of the envelope without a JSON parser ({@link PlainEnvelopeReader})
 * and everything else with Jackson; the arguments are bound by {@link #decodeArgs}, one parse of
 * their text with a reader cached per argument type.
 */
public final class JacksonJobCodec implements JobCodec {
    private static final int MAX_PREVIEW = 120;
    /** A number field that was not in the element. */
    static final long ABSENT = Long.MIN_VALUE;
    private final ObjectMapper mapper;
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
        if (job.maxAttempts() != Job.DEFAULT_MAX_ATTEMPTS) {
            out.append(",\"maxAttempts\":").append(job.maxAttempts());
        }
        out.append(",\"createdAt\":").append(job.createdAt());
        // Left out when it can be told from the other fields (see enqueuedAt(...)): 28 bytes per waiting job.
        if (job.runAt() == 0 ? job.enqueuedAt() != job.createdAt() : job.enqueuedAt() != 0) {
            out.append(",\"enqueuedAt\":").append(job.enqueuedAt());
        }
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
        Job plain = PlainEnvelopeReader.read(stored);
        return plain != null ? plain : readWithJackson(stored);
    }

    /** Reads any element with Jackson's streaming parser; says what is wrong when it is not a job. */
    Job readWithJackson(String stored) {
        try (JsonParser p = mapper.getFactory().createParser(stored)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new JobDecodeException("stored job is not a JSON object: " + preview(stored), null);
            }
            Fields f = new Fields();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "id" -> f.id = textOrNull(p, value);
                    case "type" -> f.type = textOrNull(p, value);
                    case "queue" -> f.queue = textOrNull(p, value);
                    case "args" -> f.args = rawValue(p, value, stored);
                    case "attempt" -> f.attempt = p.getValueAsInt();
                    case "maxAttempts" -> f.maxAttempts = p.getValueAsInt(Job.DEFAULT_MAX_ATTEMPTS);
                    case "createdAt" -> f.createdAt = p.getValueAsLong();
                    case "enqueuedAt" -> f.enqueuedAt = p.getValueAsLong();
                    case "runAt" -> f.runAt = p.getValueAsLong();
                    case "idempotencyKey" -> f.idempotencyKey = textOrNull(p, value);
                    case "dedupKey" -> f.dedupKey = textOrNull(p, value);
                    case "recoveries" -> f.recoveries = p.getValueAsInt();
                    case "meta" -> f.meta = readMeta(p, value);
                    case "error" -> f.error = readError(p, value);
                    default -> p.skipChildren();
                }
            }
            return new Job(required(f.id, "id", stored), required(f.type, "type", stored),
                    required(f.queue, "queue", stored), requiredArgs(f.args, stored), f.attempt, f.maxAttempts,
                    f.createdAt, enqueuedAt(f.enqueuedAt, f.createdAt, f.runAt), f.runAt, f.idempotencyKey, f.dedupKey, f.meta, f.recoveries, f.error);
        } catch (JsonProcessingException e) {
            throw new JobDecodeException("stored job is not valid JSON (" + e.getOriginalMessage() + "): "
                    + preview(stored), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code enqueuedAt} as stored, or from the other fields when it was left out ({@link #ABSENT}):
     * the creation time for a job without a run-at, else 0 (a scheduled job is enqueued when promoted).
     */
    static long enqueuedAt(long stored, long createdAt, long runAt) {
        if (stored != ABSENT) {
            return stored;
        }
        return runAt == 0 ? createdAt : 0;
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
        long enqueuedAt = ABSENT;
        long runAt;
        String idempotencyKey;
        String dedupKey;
        Map<String, String> meta;
        int recoveries;
        JobError error;
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

    /** Builds and caches the type's reader (Jackson builds its deserializer eagerly, by reflection). */
    @Override
    public void prepareArgs(Class<?> type) {
        readers.computeIfAbsent(type, mapper::readerFor);
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
