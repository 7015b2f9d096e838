package dev.capstan.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One unit of work as it is stored in Redis.
 *
 * <p>{@code args} holds the handler's arguments as a JSON document (never a Java class
 * serialization), so jobs survive code changes and can be read by any language. Timestamps are
 * epoch milliseconds. {@code recoveries} counts how often the reaper returned this job from a
 * dead worker; {@code lastError} is set once an attempt has failed.
 *
 * <p>{@code attempt} as stored is a count: how many attempts have failed so far (0 until the first
 * failure). Attempt <em>numbers</em>, as users see them, count from 1 and are
 * {@link #nextAttemptNumber()} for a job that will run again ({@link JobContext#attempt()} while it runs)
 * and {@link JobView#attempt()} wherever a job is shown.
 */
public record Job(
        String id,
        String type,
        String queue,
        String args,
        int attempt,
        int maxAttempts,
        long createdAt,
        long enqueuedAt,
        long runAt,
        String idempotencyKey,
        String dedupKey,
        Map<String, String> metadata,
        int recoveries,
        JobError lastError) {

    /** Default number of attempts, as in Sidekiq: with the default backoff about three weeks of retries. */
    public static final int DEFAULT_MAX_ATTEMPTS = 25;

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(args, "args");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public Instant createdAtInstant() {
        return Instant.ofEpochMilli(createdAt);
    }

    public Instant enqueuedAtInstant() {
        return Instant.ofEpochMilli(enqueuedAt);
    }

    /** True when this job is waiting for a retry (it has failed at least once). */
    public boolean isRetry() {
        return lastError != null;
    }

    /** The number (from 1) of this job's next or current run: failed attempts + 1. */
    public int nextAttemptNumber() {
        return attempt + 1;
    }

    public boolean hasAttemptsLeft() {
        return attempt + 1 < maxAttempts;
    }

    public Job withAttemptFailed(JobError error, long retryAt) {
        return new Job(id, type, queue, args, attempt + 1, maxAttempts, createdAt, enqueuedAt, retryAt,
                idempotencyKey, dedupKey, metadata, recoveries, error);
    }

    public Job withRecovery() {
        return new Job(id, type, queue, args, attempt, maxAttempts, createdAt, enqueuedAt, runAt,
                idempotencyKey, dedupKey, metadata, recoveries + 1, lastError);
    }

    public Job withEnqueuedAt(long at) {
        return new Job(id, type, queue, args, attempt, maxAttempts, createdAt, at, 0,
                idempotencyKey, dedupKey, metadata, recoveries, lastError);
    }

    public Job withRunAt(long at) {
        return new Job(id, type, queue, args, attempt, maxAttempts, createdAt, enqueuedAt, at,
                idempotencyKey, dedupKey, metadata, recoveries, lastError);
    }

    public Job withError(JobError error) {
        return new Job(id, type, queue, args, attempt, maxAttempts, createdAt, enqueuedAt, runAt,
                idempotencyKey, dedupKey, metadata, recoveries, error);
    }

    /** A fresh start for a job retried by hand from the dead set: attempts and recoveries reset. */
    public Job resetForManualRetry(long now) {
        return new Job(id, type, queue, args, 0, maxAttempts, createdAt, now, 0,
                idempotencyKey, dedupKey, metadata, 0, lastError);
    }
}
