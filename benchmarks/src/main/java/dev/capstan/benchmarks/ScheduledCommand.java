package dev.capstan.benchmarks;

import dev.capstan.api.JobClient;
import dev.capstan.api.JobRequest;
import dev.capstan.benchmarks.BenchHandlers.Due;
import dev.capstan.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Scheduling lateness: N jobs with {@code JobRequest.runAt} spread evenly at random over a few
 * seconds; a promoter moves due jobs into the queue; one worker runs them. Lateness = handler start
 * (wall clock, µs) minus the job's due time. Redis runs on the same host, so its TIME (used by the
 * promote script) and the JVM's clock are the same clock.
 *
 * <p>The promoter is {@link PlaceholderPromoter} until the scheduler module's promoter is merged;
 * the result line says which one ran.
 */
@Command(name = "scheduled", mixinStandardHelpOptions = true,
        description = "Lateness of scheduled jobs (due time to handler start), p50/p99/max.")
final class ScheduledCommand implements Callable<Integer> {
    static final String QUEUE = "bench-scheduled";
    static final String TYPE = "due";
    static final String SCHEDULER_PROMOTER = "dev.capstan.scheduler.ScheduledJobPromoter";

    @Mixin
    RedisOption redis;

    @Option(names = "--jobs", defaultValue = "10000", description = "Scheduled jobs (default ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--spread-seconds", defaultValue = "5", description = "Due times spread over this long (default ${DEFAULT-VALUE}).")
    double spreadSeconds;

    @Option(names = "--lead-seconds", defaultValue = "2", description = "First due time this long after the start, so enqueueing does not overlap (default ${DEFAULT-VALUE}).")
    double leadSeconds;

    @Option(names = "--concurrency", defaultValue = "50", description = "Worker concurrency (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Override
    public Integer call() {
        if (isPresent(SCHEDULER_PROMOTER)) {
            Progress.log("note: %s is on the classpath; this benchmark still uses the placeholder promoter "
                    + "(switch ScheduledCommand to it)", SCHEDULER_PROMOTER);
        }
        Histogram micros = new ConcurrentHistogram(600_000_000L, 3);
        LongAdder handled = new LongAdder();
        try (RedisOption.RedisTarget target = redis.open(); BenchQueue bench = new BenchQueue(target.url())) {
            JobClient client = bench.capstan().client();
            long base = System.currentTimeMillis() + Math.round(leadSeconds * 1000);
            long spreadMs = Math.max(1, Math.round(spreadSeconds * 1000));
            List<JobRequest> batch = new ArrayList<>(1000);
            for (int i = 0; i < jobs; i++) {
                long due = base + ThreadLocalRandom.current().nextLong(spreadMs);
                batch.add(JobRequest.of(TYPE, new Due(due)).queue(QUEUE).runAt(Instant.ofEpochMilli(due)));
                if (batch.size() == 1000 || i == jobs - 1) {
                    client.enqueueAll(batch);
                    batch = new ArrayList<>(1000);
                }
            }
            long enqueuedAt = System.currentTimeMillis();
            if (enqueuedAt > base) {
                Progress.log("warning: enqueueing took past the first due time by %d ms; raise --lead-seconds", enqueuedAt - base);
            }
            Worker worker = Worker.builder(bench.capstan())
                    .handler(BenchHandlers.handler(TYPE, Due.class, d -> {
                        long nowMicros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
                        micros.recordValue(Math.max(0, Math.min(nowMicros - d.dueAtMillis() * 1000, micros.getHighestTrackableValue())));
                        handled.increment();
                    }))
                    .queues(QUEUE)
                    .concurrency(concurrency)
                    .build()
                    .start();
            long promoterCalls;
            try (PlaceholderPromoter promoter = new PlaceholderPromoter(bench.capstan().broker(), QUEUE, 1000, 100)) {
                Progress.log("%d jobs due over %.1f s from %d ms after start", jobs, spreadSeconds, Math.round(leadSeconds * 1000));
                ThroughputCommand.awaitUntil(() -> handled.sum() >= jobs,
                        Duration.ofSeconds(Math.round(leadSeconds + spreadSeconds) + 120), "all scheduled jobs handled");
                promoterCalls = promoter.calls();
            } finally {
                worker.close();
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("benchmark", "scheduled");
            out.put("impl", "capstan");
            out.put("promoter", "placeholder:QueueBroker.promoteDue loop");
            out.put("jobs", jobs);
            out.put("spread_s", spreadSeconds);
            out.put("concurrency", concurrency);
            out.put("p50_ms", ms(micros.getValueAtPercentile(50)));
            out.put("p99_ms", ms(micros.getValueAtPercentile(99)));
            out.put("max_ms", ms(micros.getMaxValue()));
            out.put("mean_ms", Progress.round(micros.getMean() / 1000.0, 3));
            out.put("promote_calls", promoterCalls);
            out.put("leftover", bench.leftovers(QUEUE));
            Progress.result(out);
            return 0;
        }
    }

    private static double ms(long micros) {
        return Progress.round(micros / 1000.0, 3);
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, ScheduledCommand.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
