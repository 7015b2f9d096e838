package dev.capstan.metrics;

import dev.capstan.api.Job;
import dev.capstan.api.JobContext;
import dev.capstan.api.JobOutcome;
import dev.capstan.worker.ExecutionMiddleware;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Counts and times every job a worker runs, per queue and job type, as an
 * {@link ExecutionMiddleware}: {@code capstan.jobs.processed}, {@code .failed}, {@code .retried},
 * {@code .dead} (counters) and {@code capstan.job.execution} (a timer with histogram buckets from
 * 5 ms to 5 min). A failed attempt is also counted as retried when the job has attempts left, else as
 * dead; a handler's {@code SendToDead} counts as failed and dead, {@code Discard} as processed, and
 * {@code RetryLater} only in the timer. Jobs that never reach a handler (unknown type, arguments that
 * do not decode) are not counted here; the dead-set size per queue ({@link QueueMeters}) shows them.
 */
public final class JobMeters implements ExecutionMiddleware {
    static final Duration[] BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(5)};

    private final MeterRegistry registry;
    /** Meters looked up once per queue and type: a registry lookup per job showed up in profiles of the worker. */
    private final Map<String, Map<String, TypeMeters>> cache = new ConcurrentHashMap<>();

    public JobMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void around(Job job, JobContext context, Next next) throws Exception {
        TypeMeters m = of(job.queue(), job.type());
        long start = System.nanoTime();
        try {
            next.proceed();
            m.processed.increment();
        } catch (JobOutcome.Discard | JobOutcome.RetryLater e) {
            if (e instanceof JobOutcome.Discard) {
                m.processed.increment();
            }
            throw e;
        } catch (JobOutcome.SendToDead e) {
            m.failed.increment();
            m.dead.increment();
            throw e;
        } catch (Exception | Error e) {
            m.failed.increment();
            (job.hasAttemptsLeft() ? m.retried : m.dead).increment();
            throw e;
        } finally {
            m.execution.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private TypeMeters of(String queue, String type) {
        Map<String, TypeMeters> byType = cache.computeIfAbsent(queue, q -> new ConcurrentHashMap<>());
        TypeMeters m = byType.get(type);
        return m != null ? m : byType.computeIfAbsent(type, t -> new TypeMeters(registry, Tags.of("queue", queue, "type", t)));
    }

    private static final class TypeMeters {
        final Counter processed;
        final Counter failed;
        final Counter retried;
        final Counter dead;
        final Timer execution;

        TypeMeters(MeterRegistry registry, Tags tags) {
            processed = Counter.builder("capstan.jobs.processed").description("Jobs whose handler succeeded")
                    .tags(tags).register(registry);
            failed = Counter.builder("capstan.jobs.failed").description("Failed attempts").tags(tags).register(registry);
            retried = Counter.builder("capstan.jobs.retried").description("Failed attempts that will be retried")
                    .tags(tags).register(registry);
            dead = Counter.builder("capstan.jobs.dead").description("Jobs moved to the dead set by a failed attempt")
                    .tags(tags).register(registry);
            execution = Timer.builder("capstan.job.execution").description("Time in the handler, per attempt")
                    .tags(tags).serviceLevelObjectives(BUCKETS).register(registry);
        }
    }
}
