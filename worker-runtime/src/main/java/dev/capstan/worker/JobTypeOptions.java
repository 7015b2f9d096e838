package dev.capstan.worker;

import dev.capstan.redis.gates.JobGates;
import dev.capstan.api.RetryPolicy;
import java.time.Duration;

/**
 * How a worker runs jobs of one type.
 *
 * @param maxAttempts     overrides the attempts stored in the job when positive
 * @param retryPolicy     delay before each retry
 * @param timeout         a run longer than this is interrupted and counted as a failed attempt
 * @param whenSwitchedOff what happens to a job whose type is switched off ({@link JobGates#switchOff})
 * @param throttle        limits on how often or how many jobs of this type run, or null
 */
public record JobTypeOptions(int maxAttempts, RetryPolicy retryPolicy, Duration timeout, SwitchedOff whenSwitchedOff,
                             Throttle throttle) {

    /** What to do with a job whose type is switched off. */
    public enum SwitchedOff {
        /** Keep it: it waits in the scheduled set and is looked at again every few seconds. */
        WAIT,
        /** Move it to the dead set with the reason (retry it from the dashboard once switched on). */
        DEAD
    }

    public static JobTypeOptions defaults() {
        return new JobTypeOptions(0, RetryPolicy.exponentialWithJitter(), Duration.ofMinutes(30), SwitchedOff.WAIT, null);
    }

    public JobTypeOptions withMaxAttempts(int attempts) {
        return new JobTypeOptions(attempts, retryPolicy, timeout, whenSwitchedOff, throttle);
    }

    public JobTypeOptions withRetryPolicy(RetryPolicy policy) {
        return new JobTypeOptions(maxAttempts, policy, timeout, whenSwitchedOff, throttle);
    }

    public JobTypeOptions withTimeout(Duration t) {
        return new JobTypeOptions(maxAttempts, retryPolicy, t, whenSwitchedOff, throttle);
    }

    public JobTypeOptions whenSwitchedOff(SwitchedOff action) {
        return new JobTypeOptions(maxAttempts, retryPolicy, timeout, action, throttle);
    }

    public JobTypeOptions withThrottle(Throttle t) {
        return new JobTypeOptions(maxAttempts, retryPolicy, timeout, whenSwitchedOff, t);
    }
}
