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
    private final String type;
    private final Object args;
    private String queue = "default";
    private int maxAttempts = Job.DEFAULT_MAX_ATTEMPTS;
    private Instant runAt;
    private String idempotencyKey;
    private String dedupKey;
    private Duration dedupTtl;
    private Duration keepResult;
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private JobRequest(String type, Object args) {
        this.type = Objects.requireNonNull(type, "type");
        this.args = args;
    }

    /** A request to run job type {@code type} with {@code args} (any Jackson-encodable value, usually a record). */
    public static JobRequest of(String type, Object args) {
        return new JobRequest(type, args);
    }

    /**
     * A request for the handler class {@code handler}, whose type name is derived as the handler itself
     * derives it ({@link JobTypes#typeOf}), so producer and handler cannot disagree on the name.
     */
    public static <A> JobRequest of(Class<? extends JobHandler<A>> handler, A args) {
        return new JobRequest(JobTypes.typeOf(handler), args);
    }

    /** A request whose type name comes from the {@link JobType} annotation of the arguments' class. */
    public static JobRequest of(JobArgs args) {
        return new JobRequest(JobTypes.typeOfArgs(args.getClass()), args);
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
     * Tracks the job: its status (O(1) by id, see {@link JobTracker#status}) and its handler's result
     * are kept until {@code retention} after it finishes, and {@link EnqueueResult#await} can wait for
     * it. Untracked jobs (the default) cost nothing of this.
     */
    public JobRequest keepResult(Duration retention) {
        java.util.Objects.requireNonNull(retention, "retention");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("keepResult needs a positive retention, was " + retention);
        }
        this.keepResult = retention;
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

    /** The retention asked for with {@link #keepResult}, or null when the job is not tracked. */
    public Duration keepResult() {
        return keepResult;
    }

    public Map<String, String> metadata() {
        return Map.copyOf(metadata);
    }
}
