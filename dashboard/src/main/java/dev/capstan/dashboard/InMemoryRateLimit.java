package dev.capstan.dashboard;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * GCRA in this JVM's memory, for {@link LoginThrottle#perProcess()}: per key one "theoretical
 * arrival time"; a permit is granted if it lies no further than the burst ahead of now. Keys whose
 * time has passed hold no information and are swept, so the map stays as small as the attack.
 */
final class InMemoryRateLimit implements TieredLoginThrottle.KeyedLimit {
    private static final int SWEEP_EVERY = 1024;

    private final long intervalNanos;
    private final long burstNanos;
    private final LongSupplier clock;
    private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
    private long calls;

    private InMemoryRateLimit(long intervalNanos, long burst, LongSupplier clock) {
        this.intervalNanos = intervalNanos;
        this.burstNanos = intervalNanos * burst;
        this.clock = clock;
    }

    static InMemoryRateLimit of(LoginLimits.Limit limit) {
        return new InMemoryRateLimit(limit.period().toNanos() / limit.rate(), limit.burst(), System::nanoTime);
    }

    @Override
    public synchronized Optional<Duration> tryAcquire(String key) {
        long now = clock.getAsLong();
        if (++calls % SWEEP_EVERY == 0) {
            arrivals.values().removeIf(tat -> tat - now <= 0);
        }
        long tat = Math.max(arrivals.getOrDefault(key, now), now);
        long next = tat + intervalNanos;
        if (next - now > burstNanos) {
            return Optional.of(Duration.ofNanos(next - now - burstNanos));
        }
        arrivals.put(key, next);
        return Optional.empty();
    }
}
