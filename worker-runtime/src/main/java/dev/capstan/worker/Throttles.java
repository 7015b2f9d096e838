package dev.capstan.worker;

import dev.capstan.api.Job;
import dev.capstan.redis.ratelimit.ConcurrencyLimiter;
import dev.capstan.redis.ratelimit.GcraRateLimiter;
import dev.capstan.redis.ratelimit.Permit;
import dev.capstan.redis.ratelimit.RateLimitDecision;
import dev.capstan.redis.ratelimit.RateLimiter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Throttles for job types, on the rate and concurrency limiters of {@code dev.capstan.redis.ratelimit}.
 * The limit key is taken from the job, e.g. {@code job -> job.metadata().get("tenant")} for a limit
 * per tenant, or {@link #GLOBAL} for one limit over all jobs of the type.
 */
public final class Throttles {
    /** One limit shared by every job of the type. */
    public static final Function<Job, String> GLOBAL = job -> job.type();

    private Throttles() {}

    /**
     * At most what {@code limiter} allows per key, any algorithm (fixed window, sliding log, GCRA, ...).
     *
     * <p>With a {@link GcraRateLimiter} (the recommended throttle) a job over the limit books the next
     * free permit and waits in the scheduled set until its slot: every job asks the limiter at most
     * twice, and the type runs at the limiter's rate however long the backlog. With the other
     * algorithms a refused job comes back after the limiter's {@code retryAfter} (plus up to a tenth
     * more, at random, so that waiting jobs do not all come back at once) and asks again, so a backlog
     * of N jobs costs up to about N limiter calls per permit.
     */
    public static Throttle rate(RateLimiter limiter, Function<Job, String> key) {
        if (limiter instanceof GcraRateLimiter gcra) {
            return booking(gcra, key);
        }
        return new Throttle() {
            @Override
            public Decision tryAcquire(Job job) {
                RateLimitDecision d = limiter.tryAcquire(keyOf(key, job));
                if (d.allowed()) {
                    return Decision.allow(null);
                }
                long waitNanos = d.retryAfter().toNanos();
                return Decision.waitFor(Duration.ofNanos(waitNanos + ThreadLocalRandom.current().nextLong(waitNanos / 10 + 1)));
            }

            @Override
            public void release(Job job, Decision decision) {
                // a rate limit is used up by starting; nothing to give back
            }
        };
    }

    /** GCRA with bookings: a refused job holds the next free slot; it runs when it comes back at that time. */
    private static Throttle booking(GcraRateLimiter gcra, Function<Job, String> key) {
        return new Throttle() {
            @Override
            public Decision tryAcquire(Job job) {
                GcraRateLimiter.Booking b = gcra.acquireOrBook(keyOf(key, job), job.id());
                return b.granted() ? Decision.allow(null) : Decision.waitFor(b.waitFor());
            }

            @Override
            public void release(Job job, Decision decision) {
                // a rate limit is used up by starting; nothing to give back
            }
        };
    }

    /**
     * At most the limiter's number of jobs running at once per key, across all workers. A job that finds
     * the key's permits all taken waits in the scheduled set, holding no thread and using up no attempt,
     * and asks again later: after 125-250 ms while few jobs wait, longer (up to 2 s) as this worker sees
     * more refusals for the key since its last grant ({@link ConcurrencyBackoff}). The permit's lease
     * must outlast the job (or the handler extends it), else a slow job's permit goes to another.
     */
    public static Throttle concurrency(ConcurrencyLimiter limiter, Function<Job, String> key) {
        ConcurrencyBackoff backoff = new ConcurrencyBackoff(limiter.maxPermits());
        return new Throttle() {
            @Override
            public Decision tryAcquire(Job job) {
                String k = keyOf(key, job);
                Optional<Permit> permit = limiter.tryAcquire(k);
                if (permit.isPresent()) {
                    backoff.granted(k);
                    return Decision.allow(permit.get());
                }
                return Decision.waitFor(backoff.refused(k));
            }

            @Override
            public void release(Job job, Decision decision) {
                decision.handle().ifPresent(p -> limiter.release((Permit) p));
            }
        };
    }

    private static String keyOf(Function<Job, String> key, Job job) {
        String k = key.apply(job);
        return k == null || k.isEmpty() ? "none" : k.replace('{', '(').replace('}', ')');
    }
}
