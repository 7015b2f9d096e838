package dev.capstan.worker;

import dev.capstan.api.Job;
import java.time.Duration;
import java.util.Optional;

/**
 * Limits how often or how many jobs of one type run across all workers. Before a job runs the
 * worker asks {@link #tryAcquire}; a job over its limit goes back to the scheduled set to run when
 * the limiter says it may, without holding a worker thread, and without using up an attempt.
 * See {@link Throttles} for limits built on the rate and concurrency limiters.
 */
public interface Throttle {

    /** A permit to run now, or empty with how long to wait. */
    Decision tryAcquire(Job job);

    /** Called when a job that got a permit has finished (success or failure). */
    void release(Job job, Decision decision);

    /** The outcome of asking: allowed (with an optional handle to release), or wait this long. */
    record Decision(boolean allowed, Duration retryAfter, Optional<Object> handle) {
        public static Decision allow(Object handle) {
            return new Decision(true, Duration.ZERO, Optional.ofNullable(handle));
        }

        public static Decision waitFor(Duration retryAfter) {
            return new Decision(false, retryAfter, Optional.empty());
        }
    }
}
