package dev.capstan.worker;

import dev.capstan.redis.CapstanRedis;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Moves due scheduled jobs into their queue every 20 ms, standing in for the scheduler module. */
final class DuePromoterForTests implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    DuePromoterForTests(CapstanRedis capstan, String queue) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                capstan.broker().promoteDue(queue, 1000);
            } catch (RuntimeException ignored) {
                // the next round tries again
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
