package dev.capstan.api;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code n^4 + 15 + rand(10 * (n + 1))} seconds after the n-th failure: 16 s, 31 s, 96 s, ...
 * about 20 days in total over 25 attempts. The random part spreads out jobs that failed together
 * (e.g. during an outage of a service they call) so they do not all come back at once.
 */
public final class ExponentialBackoff implements RetryPolicy {
    @Override
    public Duration delayAfter(int failedAttempts) {
        long n = Math.max(1, failedAttempts);
        long seconds = n * n * n * n + 15 + ThreadLocalRandom.current().nextLong(10 * (n + 1));
        return Duration.ofSeconds(seconds);
    }
}
