package dev.capstan.worker;

import dev.capstan.redis.outage.OutageBackoff;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long a job waits when its concurrency limit is full. Holders give their permits back when they
 * finish, at a time nobody knows, so a refused job must come back and ask again; with a fixed wait a
 * large backlog asks all the time (1,000 waiting jobs at 250 ms: 4,000 fetch-and-reschedule cycles a
 * second for a limit of a few). So the wait grows with the refusals this worker has seen for the key
 * since its last grant: from {@link #MIN}, doubling for each further {@code maxPermits} refusals, up to
 * {@link #MAX}, each wait a random point between half and all of it so that the waiting jobs spread
 * out; a grant starts it over. A small backlog keeps short waits (a freed permit is taken within about
 * {@link #MIN}); a large one asks about as often as permits free up, at most {@link #MAX} late.
 */
final class ConcurrencyBackoff {
    static final Duration MIN = Duration.ofMillis(250);
    static final Duration MAX = Duration.ofSeconds(2);
    /** Keys refused and not granted since; cleared when it grows past this (only waits get shorter). */
    private static final int MAX_KEYS = 10_000;

    private final int permits;
    private final ConcurrentHashMap<String, AtomicLong> refusals = new ConcurrentHashMap<>();

    ConcurrencyBackoff(int maxPermits) {
        this.permits = Math.max(1, maxPermits);
    }

    /** The key's limit is full: how long this job waits before it asks again. */
    Duration refused(String key) {
        if (refusals.size() > MAX_KEYS) {
            refusals.clear();
        }
        long n = refusals.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        long doublings = (n - 1) / permits; // 0 for the first round of refusals, one per round after
        return Duration.ofMillis(OutageBackoff.delayMs(doublings + 1, MIN.toMillis(), MAX.toMillis()));
    }

    /** The key granted a permit: the next refused job waits the shortest time again. */
    void granted(String key) {
        refusals.remove(key);
    }
}
