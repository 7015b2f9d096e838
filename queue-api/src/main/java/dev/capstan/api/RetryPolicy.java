package dev.capstan.api;

import java.time.Duration;

/** How long to wait before the next attempt of a failed job. */
@FunctionalInterface
public interface RetryPolicy {

    /**
     * The delay before the next attempt, given how many attempts have failed so far
     * ({@code failedAttempts} is 1 after the first failure).
     */
    Duration delayAfter(int failedAttempts);

    /** The default: exponential with jitter, like Sidekiq's (about three weeks over 25 attempts). */
    static RetryPolicy exponentialWithJitter() {
        return new ExponentialBackoff();
    }

    static RetryPolicy fixed(Duration delay) {
        return failedAttempts -> delay;
    }
}
