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
    /** The earliest run-at time accepted (the Unix epoch; earlier times are mistakes, not "now"). */
    public static final Instant EARLIEST_RUN_AT = Instant.EPOCH;
    /** The latest run-at time accepted: the end of year 9999, well inside what a Redis score holds exactly. */
    public static final Instant LATEST_RUN_AT = Instant.parse("9999-12-31T23:59:59.999Z");
    /** The longest dedup ttl accepted (about 100 years). */
    public static final Duration MAX_DEDUP_TTL = Duration.ofDays(36_500);

    /** The longest retention {@link #keepResult} accepts (about 100 years, as for dedup keys). */
    public static final Duration MAX_KEEP_RESULT = Duration.ofDays(36_500);

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

    /**
     * Run no earlier than {@code at} (a time in the past means now).
     *
     * @throws IllegalArgumentException if {@code at} is before {@link #EARLIEST_RUN_AT} or after {@link #LATEST_RUN_AT}
     */
    public JobRequest runAt(Instant at) {
        if (at != null && (at.isBefore(EARLIEST_RUN_AT) || at.isAfter(LATEST_RUN_AT))) {
            throw new IllegalArgumentException("runAt " + at + " is out of range: a job runs between "
                    + EARLIEST_RUN_AT + " and " + LATEST_RUN_AT);
        }
        this.runAt = at;
        return this;
    }

    /**
     * Run no earlier than {@code delay} from now (zero or negative means now).
     *
     * @throws IllegalArgumentException if now + {@code delay} is after {@link #LATEST_RUN_AT} (or before {@link #EARLIEST_RUN_AT})
     */
    public JobRequest runIn(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        Instant at;
        try {
            at = Instant.now().plus(delay);
        } catch (java.time.DateTimeException | ArithmeticException e) {
            at = null; // beyond what an Instant can hold
        }
        if (at == null || at.isBefore(EARLIEST_RUN_AT) || at.isAfter(LATEST_RUN_AT)) {
            throw new IllegalArgumentException("runIn(" + delay + ") is out of range: a job runs between "
                    + EARLIEST_RUN_AT + " and " + LATEST_RUN_AT);
        }
        this.runAt = at;
        return this;
    }

    /** Jobs with the same idempotency key complete successfully at most once. */
    public JobRequest idempotencyKey(String key) {
        this.idempotencyKey = key;
        return this;
    }

    /**
     * A second enqueue with the same dedup key within {@code ttl} returns the first job's id.
     *
     * @param ttl how long the key holds: at least a millisecond; null for the store's default (one hour)
     * @throws IllegalArgumentException if {@code ttl} is zero, negative or under a millisecond
     */
    public JobRequest dedupKey(String key, Duration ttl) {
        if (ttl != null && (ttl.compareTo(Duration.ofMillis(1)) < 0 || ttl.compareTo(MAX_DEDUP_TTL) > 0)) {
            throw new IllegalArgumentException("dedup ttl must be between 1 ms and " + MAX_DEDUP_TTL.toDays()
                    + " days, was " + ttl + (ttl.compareTo(Duration.ofMillis(1)) < 0
                    ? " (a dedup key without a lifetime would dedup nothing)" : ""));
        }
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

    /**
     * Tracks the job: its status (O(1) by id, see {@link JobTracker#status}) and its handler's result
     * are kept until {@code retention} after it finishes, and {@link EnqueueResult#await} can wait for
     * it. Untracked jobs (the default) cost nothing of this.
     *
     * @throws IllegalArgumentException if {@code retention} is under a millisecond or over {@link #MAX_KEEP_RESULT}
     */
    public JobRequest keepResult(Duration retention) {
        this.keepResult = requireKeepRetention(retention);
        return this;
    }

    /** Checks a result retention (here and for {@code CapstanRedis.keepResults}); returns it. */
    public static Duration requireKeepRetention(Duration retention) {
        Objects.requireNonNull(retention, "retention");
        if (retention.compareTo(Duration.ofMillis(1)) < 0 || retention.compareTo(MAX_KEEP_RESULT) > 0) {
            throw new IllegalArgumentException("keepResult needs a retention between 1 ms and " + MAX_KEEP_RESULT.toDays()
                    + " days, was " + retention);
        }
        return retention;
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

    /** The retention asked for with {@link #keepResult}, or null when the job is not tracked. */
    public Duration keepResult() {
        return keepResult;
    }

    public Map<String, String> metadata() {
        return Map.copyOf(metadata);
    }
}
