package dev.capstan.worker;

import dev.capstan.api.RetryPolicy;
import java.time.Duration;

/**
 * How a worker runs jobs of one type.
 *
 * @param maxAttempts overrides the attempts stored in the job when positive
 * @param retryPolicy delay before each retry
 * @param timeout     a run longer than this is interrupted and counted as a failed attempt
 */
public record JobTypeOptions(int maxAttempts, RetryPolicy retryPolicy, Duration timeout) {

    public static JobTypeOptions defaults() {
        return new JobTypeOptions(0, RetryPolicy.exponentialWithJitter(), Duration.ofMinutes(30));
    }

    public JobTypeOptions withMaxAttempts(int attempts) {
        return new JobTypeOptions(attempts, retryPolicy, timeout);
    }

    public JobTypeOptions withRetryPolicy(RetryPolicy policy) {
        return new JobTypeOptions(maxAttempts, policy, timeout);
    }

    public JobTypeOptions withTimeout(Duration t) {
        return new JobTypeOptions(maxAttempts, retryPolicy, t);
    }
}
