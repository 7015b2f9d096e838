package dev.capstan.benchmarks;

import dev.capstan.api.JobClient;
import dev.capstan.api.JobRequest;
import dev.capstan.benchmarks.BenchHandlers.Stamped;
import dev.capstan.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Enqueue-to-start latency of an idle-waiting worker: one producer enqueues one job at a time at a
 * steady rate; each job carries {@code System.nanoTime()} taken just before its enqueue, and the
 * handler (same JVM) records {@code nanoTime() - stamp} when it starts. So the figure covers the
 * enqueue round trip, the worker's wake-up (BLMOVE), fetch, decode and hand-off to a job thread.
 *
 * <p>Jobs enqueued during the warm-up seconds run but are not recorded.
 */
@Command(name = "latency", mixinStandardHelpOptions = true,
        description = "Enqueue-to-start latency at a steady enqueue rate (p50/p99/max).")
final class LatencyCommand implements Callable<Integer> {
    static final String QUEUE = "bench-latency";
    static final String TYPE = "stamped";

    @Mixin
    RedisOption redis;

    @Option(names = "--rate", defaultValue = "1000", description = "Jobs enqueued per second (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--seconds", defaultValue = "10", description = "Recorded duration (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup-seconds", defaultValue = "2", description = "Unrecorded lead-in (default ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--concurrency", defaultValue = "10", description = "Worker concurrency (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--chart-dir", description = "Also write latency-histogram.png into this directory.")
    Path chartDir;

    @Override
    public Integer call() throws Exception {
        Histogram micros = new ConcurrentHistogram(60_000_000L, 3);
        Histogram enqueueCall = new Histogram(60_000_000L, 3); // the producer's round trip alone, for attribution
        LongAdder handled = new LongAdder();
        long periodNanos = Math.round(1e9 / rate);
        long warmupJobs = Math.round(warmupSeconds * rate);
        long recordedJobs = Math.max(1, Math.round(seconds * rate));
        long total = warmupJobs + recordedJobs;
        try (RedisOption.RedisTarget target = redis.open(); BenchQueue bench = new BenchQueue(target.url())) {
            JobClient client = bench.capstan().client();
            AtomicLong recordFrom = new AtomicLong(Long.MAX_VALUE);
            Worker worker = Worker.builder(bench.capstan())
                    .handler(BenchHandlers.handler(TYPE, Stamped.class, s -> {
                        long latency = System.nanoTime() - s.enqueuedNanos();
                        if (s.enqueuedNanos() >= recordFrom.get()) {
                            micros.recordValue(Math.min(latency / 1_000, micros.getHighestTrackableValue()));
                        }
                        handled.increment();
                    }))
                    .queues(QUEUE)
                    .concurrency(concurrency)
                    .build()
                    .start();
            double sentSeconds;
            try {
                Progress.log("enqueue %d jobs/s for %.1f s (+%.1f s warm-up), concurrency %d", rate, seconds, warmupSeconds, concurrency);
                long start = System.nanoTime();
                for (long i = 0; i < total; i++) {
                    long due = start + i * periodNanos;
                    waitUntil(due);
                    long stamp = System.nanoTime();
                    if (i == warmupJobs) {
                        recordFrom.set(stamp); // written before the job that starts the recording is enqueued
                    }
                    client.enqueue(JobRequest.of(TYPE, new Stamped(stamp)).queue(QUEUE));
                    if (i >= warmupJobs) {
                        enqueueCall.recordValue(Math.min((System.nanoTime() - stamp) / 1_000, enqueueCall.getHighestTrackableValue()));
                    }
                }
                sentSeconds = (System.nanoTime() - start) / 1e9;
                ThroughputCommand.awaitUntil(() -> handled.sum() >= total, Duration.ofMinutes(2), "all jobs handled");
            } finally {
                worker.close();
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("benchmark", "latency");
            out.put("impl", "capstan");
            out.put("rate", rate);
            out.put("achieved_rate", Math.round(total / sentSeconds));
            out.put("seconds", seconds);
            out.put("concurrency", concurrency);
            out.put("recorded", micros.getTotalCount());
            out.put("p50_ms", ms(micros.getValueAtPercentile(50)));
            out.put("p90_ms", ms(micros.getValueAtPercentile(90)));
            out.put("p99_ms", ms(micros.getValueAtPercentile(99)));
            out.put("p999_ms", ms(micros.getValueAtPercentile(99.9)));
            out.put("max_ms", ms(micros.getMaxValue()));
            out.put("mean_ms", Progress.round(micros.getMean() / 1000.0, 3));
            out.put("enqueue_call_p50_ms", ms(enqueueCall.getValueAtPercentile(50)));
            out.put("enqueue_call_p99_ms", ms(enqueueCall.getValueAtPercentile(99)));
            out.put("leftover", bench.leftovers(QUEUE));
            if (chartDir != null) {
                Path png = Charts.latencyHistogram(micros, rate, chartDir);
                Progress.log("wrote %s", png);
            }
            Progress.result(out);
            return 0;
        }
    }

    private static double ms(long micros) {
        return Progress.round(micros / 1000.0, 3);
    }

    /** Parks until shortly before {@code deadline}, then spins, for sub-100 µs pacing accuracy. */
    static void waitUntil(long deadlineNanos) {
        while (true) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return;
            }
            if (left > 200_000) {
                LockSupport.parkNanos(left - 150_000);
            } else {
                Thread.onSpinWait();
            }
        }
    }
}
