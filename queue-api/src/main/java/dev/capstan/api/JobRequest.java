package dev.capstan.api;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a producer asks for: a job type, its arguments, and options. Build with
 * {@code JobRequest.of("send-email", new SendEmail(...)).queue("mail").maxAttempts(5)}.
 */
public final class JobRequest {
    /** How long a client-chosen job id is remembered, so that enqueuing it again is a no-op (24 hours). */
    public static final Duration JOB_ID_RETENTION = Duration.ofHours(24);
    private final String type;
    private final Object args;
    private String queue = "default";
    private int maxAttempts = Job.DEFAULT_MAX_ATTEMPTS;
    private Instant runAt;
    private String idempotencyKey;
    private String dedupKey;
    private Duration dedupTtl;
    private String jobId;
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private JobRequest(String type, Object args) {
        this.type = Objects.requireNonNull(type, "type");
        this.args = args;
    }

    /** A request to run job type {@code type} with {@code args} (any Jackson-encodable value, usually a record). */
    public static JobRequest of(String type, Object args) {
        return new JobRequest(type, args);
    }

    public JobRequest queue(String queue) {
        this.queue = Objects.requireNonNull(queue, "queue");
        return this;
    }

    public JobRequest maxAttempts(int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        return this;
    }

    /** Run no earlier than {@code at}. */
    public JobRequest runAt(Instant at) {
        this.runAt = at;
        return this;
    }

    /** Run no earlier than {@code delay} from now. */
    public JobRequest runIn(Duration delay) {
        this.runAt = Instant.now().plus(delay);
        return this;
    }

    /** Jobs with the same idempotency key complete successfully at most once. */
    public JobRequest idempotencyKey(String key) {
        this.idempotencyKey = key;
        return this;
    }

    /** A second enqueue with the same dedup key within {@code ttl} returns the first job's id. */
    public JobRequest dedupKey(String key, Duration ttl) {
        this.dedupKey = key;
        this.dedupTtl = ttl;
        return this;
    }

    /**
     * Gives the job its id instead of a generated one, which makes enqueuing this request safe to
     * repeat: a second enqueue with the same id in the same queue, within {@link #JOB_ID_RETENTION}, is a
     * no-op answered {@code DUPLICATE}. Use it where an enqueue may be retried after its outcome was
     * unknown ({@link StoreUnavailableException#outcomeUnknown()}). At most 100 characters of letters,
     * digits and {@code - _ . :}.
     */
    public JobRequest jobId(String id) {
        if (id == null || id.isEmpty() || id.length() > 100 || !id.matches("[A-Za-z0-9._:\\-]+")) {
            throw new IllegalArgumentException("invalid job id '" + id
                    + "': use 1 to 100 letters, digits or - _ . : (no spaces or braces)");
        }
        this.jobId = id;
        return this;
    }

    public JobRequest metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    public String type() {
        return type;
    }

    public Object args() {
        return args;
    }

    public String queue() {
        return queue;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Instant runAt() {
        return runAt;
    }

    public String idempotencyKey() {
        return idempotencyKey;
    }

    public String dedupKey() {
        return dedupKey;
    }

    public Duration dedupTtl() {
        return dedupTtl;
    }

    /** The client-chosen job id, or null (the id is then generated at enqueue). */
    public String jobId() {
        return jobId;
    }

    public Map<String, String> metadata() {
        return Map.copyOf(metadata);
    }
}
