package dev.capstan.scheduler;

import java.time.Duration;
import java.util.Set;

/**
 * Settings of a {@link ScheduledJobPromoter}.
 *
 * @param queues          queues to promote; empty = every queue in the registry, re-read every
 *                        {@code registryRefresh} (and at once when a wake-up names an unknown queue)
 * @param batchSize       jobs moved per script call; a call holds Redis for its duration, so large
 *                        backlogs move in several calls (default 1,000)
 * @param maxSleep        the longest the promoter sleeps without looking, whatever it expects: the
 *                        safety net for lost wake-ups and for retries written without one (default 1 s)
 * @param registryRefresh how often the queue registry is re-read when {@code queues} is empty (default 5 s)
 */
public record PromoterOptions(Set<String> queues, int batchSize, Duration maxSleep, Duration registryRefresh) {

    public PromoterOptions {
        queues = Set.copyOf(queues);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        }
        if (maxSleep.toMillis() < 1 || registryRefresh.toMillis() < 1) {
            throw new IllegalArgumentException("maxSleep and registryRefresh must be at least 1 ms");
        }
    }

    /** Every registered queue, batches of 1,000, a look at least every second. */
    public static PromoterOptions defaults() {
        return new PromoterOptions(Set.of(), 1000, Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    public PromoterOptions withQueues(Set<String> only) {
        return new PromoterOptions(only, batchSize, maxSleep, registryRefresh);
    }

    public PromoterOptions withBatchSize(int size) {
        return new PromoterOptions(queues, size, maxSleep, registryRefresh);
    }

    public PromoterOptions withMaxSleep(Duration d) {
        return new PromoterOptions(queues, batchSize, d, registryRefresh);
    }

    public PromoterOptions withRegistryRefresh(Duration d) {
        return new PromoterOptions(queues, batchSize, maxSleep, d);
    }
}
