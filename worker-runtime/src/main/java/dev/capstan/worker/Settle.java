package dev.capstan.worker;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a job's outcome to Redis, trying again for a while if Redis is away. A job whose outcome
 * finally cannot be written stays in the processing list and is returned by the reaper once this
 * worker stops or dies: it may run again, it is not lost.
 */
final class Settle {
    private static final Logger log = LoggerFactory.getLogger(Settle.class);
    private static final int TRIES = 8;

    private Settle() {}

    static void withRetries(Runnable write) {
        long backoff = 50;
        for (int attempt = 1; ; attempt++) {
            try {
                write.run();
                return;
            } catch (RuntimeException e) {
                if (attempt >= TRIES) {
                    log.error("could not record a job's outcome in Redis after {} tries: {}", attempt, e.toString());
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff));
                backoff = Math.min(2000, backoff * 2);
            }
        }
    }
}
