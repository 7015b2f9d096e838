package dev.capstan.worker;

import java.time.Duration;

/** A job ran longer than its type's timeout; the attempt counts as failed and is retried by the policy. */
public final class JobTimeoutException extends RuntimeException {
    public JobTimeoutException(String type, Duration timeout) {
        super("job of type '" + type + "' ran longer than its timeout of " + timeout
                + " and was interrupted; raise the timeout with JobTypeOptions.withTimeout if it needs longer");
    }
}
