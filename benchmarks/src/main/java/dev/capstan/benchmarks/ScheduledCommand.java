package dev.capstan.benchmarks;

import dev.capstan.api.JobClient;
import dev.capstan.api.JobRequest;
import dev.capstan.benchmarks.BenchHandlers.Due;
import dev.capstan.redis.queue.QueueKeys;
import dev.capstan.scheduler.ServerClock;
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
 * seconds; one worker, with the {@link dev.capstan.scheduler.ScheduledJobPromoter} it starts for its
 * queues by default ({@code promoteScheduled(true)}: sleeps until the next due time, woken early by
 * the producers' pub/sub announcements), moves them into the queue and runs them.
 *
 * <p>Lateness = handler start minus the job's due time, both on the Redis server's clock (which is
 * the clock the promote script compares run-at with): the handler's wall-clock time (µs) plus the
 * server-minus-local offset measured with {@link ServerClock}, as {@link dev.capstan.scheduler.PromoterStats}
 * documents. On one host the offset is about 0; it is reported.
 */
@Command(name = "scheduled", mixinStandardHelpOptions = true,
        description = "Lateness of scheduled jobs (due time to handler start), p50/p99/max.")
final class ScheduledCommand implements Callable<Integer> {
    static final String QUEUE = "bench-scheduled";
    static final String TYPE = "due";
    static final String WARMUP_TYPE = "due-warmup";

    @Mixin
    RedisOption redis;

    @Option(names = "--jobs", defaultValue = "10000", description = "Scheduled jobs (default ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--spread-seconds", defaultValue = "5", description = "Due times spread over this long (default ${DEFAULT-VALUE}).")
    double spreadSeconds;

    @Option(names = "--lead-seconds", defaultValue = "2", description = "First due time this long after the start, so enqueueing does not overlap (default ${DEFAULT-VALUE}).")
    double leadSeconds;

    @Option(names = "--warmup-jobs", defaultValue = "2000", description = "Scheduled jobs run (not measured) before the measured ones (default ${DEFAULT-VALUE}).")
    int warmupJobs;

    @Option(names = "--concurrency", defaultValue = "50", description = "Worker concurrency (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--grace-seconds", defaultValue = "60",
            description = "How long after the last due time to wait for the last jobs before giving up (default ${DEFAULT-VALUE}).")
    double graceSeconds;

    @Override
    public Integer call() {
        Histogram micros = new ConcurrentHistogram(600_000_000L, 3);
        // Lateness by second of due time from the first due job: a cold worker is late at the start.
        java.util.concurrent.ConcurrentHashMap<Integer, Histogram> bySecond = new java.util.concurrent.ConcurrentHashMap<>();
        long[] firstDue = {Long.MAX_VALUE};
        java.util.concurrent.ConcurrentHashMap<Integer, Histogram> firstSecond = new java.util.concurrent.ConcurrentHashMap<>();
        LongAdder handled = new LongAdder();
        LongAdder warmedUp = new LongAdder();
        LongAdder early = new LongAdder(); // started before the due time by the clock estimate (recorded as 0)
        try (RedisOption.RedisTarget target = redis.open(); BenchQueue bench = new BenchQueue(target.url())) {
            JobClient client = bench.capstan().client();
            ServerClock clock = new ServerClock(bench.capstan().redis(),
                    QueueKeys.scheduledWakeupChannel(bench.capstan().namespace()), 1_000);
            long offsetMicros = clock.offsetMillis() * 1000;
            Worker worker = Worker.builder(bench.capstan())
                    .handler(BenchHandlers.handler(TYPE, Due.class, d -> {
                        long nowMicros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()) + offsetMicros;
                        long late = nowMicros - d.dueAtMillis() * 1000;
                        if (late < 0) {
                            early.increment();
                        }
                        long value = Math.max(0, Math.min(late, micros.getHighestTrackableValue()));
                        micros.recordValue(value);
                        long sinceFirst = Math.max(0, d.dueAtMillis() - firstDue[0]);
                        int second = (int) (sinceFirst / 1000);
                        if (sinceFirst < 1000) {
                            firstSecond.computeIfAbsent((int) (sinceFirst / 100), k -> new ConcurrentHistogram(600_000_000L, 2)).recordValue(value);
                        }
                        bySecond.computeIfAbsent(second, k -> new ConcurrentHistogram(600_000_000L, 2)).recordValue(value);
                        handled.increment();
                    }))
                    .handler(BenchHandlers.handler(WARMUP_TYPE, Due.class, d -> warmedUp.increment()))
                    .queues(QUEUE)
                    .concurrency(concurrency)
                    .promoteScheduled(true) // the default, spelled out: this is what is measured
                    .build()
                    .start();
            // Warm-up, not measured: the same path (scheduled, promoted, fetched, run) for a few thousand
            // jobs, so the measured jobs do not pay for JIT compilation of a cold worker.
            if (warmupJobs > 0) {
                long warmBase = System.currentTimeMillis() + 300;
                List<JobRequest> warm = new ArrayList<>(warmupJobs);
                for (int i = 0; i < warmupJobs; i++) {
                    long due = warmBase + ThreadLocalRandom.current().nextLong(1000);
                    warm.add(JobRequest.of(WARMUP_TYPE, new Due(due)).queue(QUEUE).runAt(Instant.ofEpochMilli(due)));
                }
                client.enqueueAll(warm);
                ThroughputCommand.awaitUntil(() -> warmedUp.sum() >= warmupJobs, Duration.ofSeconds(60), "warm-up jobs handled");
            }
            long base = System.currentTimeMillis() + Math.round(leadSeconds * 1000);
            firstDue[0] = base;
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
            long clockOffsetAfter;
            boolean complete = true;
            try {
                Progress.log("%d jobs due over %.1f s from %d ms after start; server-local clock offset %d ms",
                        jobs, spreadSeconds, Math.round(leadSeconds * 1000), offsetMicros / 1000);
                try {
                    ThroughputCommand.awaitUntil(() -> handled.sum() >= jobs,
                            Duration.ofMillis(Math.round((leadSeconds + spreadSeconds + graceSeconds) * 1000)),
                            "all scheduled jobs handled");
                } catch (IllegalStateException timedOut) {
                    complete = false;
                    System.err.println("error: " + timedOut.getMessage() + ": " + handled.sum() + " of " + jobs
                            + " handled; in Redis now: " + bench.leftovers(QUEUE));
                }
                clockOffsetAfter = clock.offsetMillis();
            } finally {
                worker.close();
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("benchmark", "scheduled");
            out.put("impl", "capstan");
            out.put("promoter", "worker's ScheduledJobPromoter (PromoterOptions.defaults for its queues)");
            out.put("jobs", jobs);
            out.put("spread_s", spreadSeconds);
            out.put("concurrency", concurrency);
            out.put("warmup_jobs", warmupJobs);
            // Started with the JDK's ahead-of-time cache (classes loaded and linked, method profiles): compare.sh's cold runs with -XX:AOTCache.
            out.put("aot_cache", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .anyMatch(arg -> arg.startsWith("-XX:AOTCache=")));
            out.put("p50_ms", ms(micros.getValueAtPercentile(50)));
            out.put("p99_ms", ms(micros.getValueAtPercentile(99)));
            out.put("max_ms", ms(micros.getMaxValue()));
            out.put("mean_ms", Progress.round(micros.getMean() / 1000.0, 3));
            Map<String, Object> seconds = new java.util.TreeMap<>();
            bySecond.forEach((second, h) -> seconds.put(String.format("%02d", second), Map.of("jobs", h.getTotalCount(),
                    "p99_ms", ms(h.getValueAtPercentile(99)), "max_ms", ms(h.getMaxValue()))));
            out.put("by_second_of_due_time", seconds);
            Map<String, Object> tenths = new java.util.TreeMap<>();
            firstSecond.forEach((tenth, h) -> tenths.put(String.format("%03d", tenth * 100), Map.of("jobs", h.getTotalCount(),
                    "p99_ms", ms(h.getValueAtPercentile(99)), "max_ms", ms(h.getMaxValue()))));
            out.put("first_second_by_100ms", tenths);
            out.put("first_due_epoch_ms", firstDue[0]);
            out.put("clock_offset_ms", offsetMicros / 1000);
            out.put("clock_offset_after_ms", clockOffsetAfter);
            out.put("handled", handled.sum());
            out.put("started_early", early.sum());
            out.put("leftover", bench.leftovers(QUEUE));
            out.put("verified", complete);
            Progress.result(out);
            return complete ? 0 : 1;
        }
    }

    private static double ms(long micros) {
        return Progress.round(micros / 1000.0, 3);
    }
}
