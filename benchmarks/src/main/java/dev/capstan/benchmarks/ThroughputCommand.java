package dev.capstan.benchmarks;

import dev.capstan.api.JobClient;
import dev.capstan.api.JobRequest;
import dev.capstan.benchmarks.BenchHandlers.Welcome;
import dev.capstan.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Enqueue N no-op jobs in batches, then drain them with one worker through the full reliable path
 * (fetch into the worker's processing list, decode, run, batched ack), the same shape as the BullMQ
 * peer's {@code bench.mjs}. Also measures Redis memory per waiting job.
 *
 * <p>Timing: enqueue time covers building the requests and all {@code enqueueAll} calls. Processing
 * time runs from the worker's start until every job has run AND its acknowledgement has reached
 * Redis (processing list empty), which is what BullMQ's "completed" event means for the peer.
 *
 * <p>With {@code --exactly-once} every job carries a unique idempotency key, so the worker takes its
 * effectively-once path for each job (completion check, key lock acquire and release, completion
 * record written with the ack) instead of the batched ack; the warm-up jobs do the same.
 */
@Command(name = "throughput", mixinStandardHelpOptions = true,
        description = "Batched enqueue rate, drain rate of one worker, and Redis bytes per waiting job.")
final class ThroughputCommand implements Callable<Integer> {
    static final String QUEUE = "bench-throughput";
    static final String TYPE = "noop";

    @Mixin
    RedisOption redis;

    @Option(names = "--jobs", defaultValue = "100000", description = "Jobs to enqueue and drain (default ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--concurrency", defaultValue = "50", description = "Worker concurrency (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--batch", defaultValue = "1000", description = "Jobs per enqueueAll call (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--warmup-jobs", defaultValue = "2000",
            description = "Untimed jobs enqueued and drained first in another queue, to load scripts and warm the JIT (default ${DEFAULT-VALUE}).")
    int warmupJobs;

    @Option(names = "--exactly-once",
            description = "Give every job a unique idempotency key: the worker then checks the key's completion record, "
                    + "locks the key while the job runs, and writes the completion record with the ack.")
    boolean exactlyOnce;

    @Override
    public Integer call() {
        try (RedisOption.RedisTarget target = redis.open(); BenchQueue bench = new BenchQueue(target.url())) {
            if (warmupJobs > 0) {
                Progress.log("warm-up: %d jobs", warmupJobs);
                run(bench, QUEUE + "-warmup", warmupJobs);
            }
            Progress.log("enqueue %d jobs in batches of %d, drain with concurrency %d%s", jobs, batch, concurrency,
                    exactlyOnce ? ", every job with an idempotency key" : "");
            Result r = run(bench, QUEUE, jobs);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("benchmark", "throughput");
            out.put("impl", "capstan");
            out.put("jobs", jobs);
            out.put("concurrency", concurrency);
            out.put("batch", batch);
            out.put("exactly_once", exactlyOnce);
            out.put("enqueue_per_s", Math.round(jobs / r.enqueueSeconds));
            out.put("jobs_per_s", Math.round(jobs / r.drainSeconds));
            out.put("bytes_per_job", Progress.round(r.bytesPerJob, 1));
            out.put("enqueue_s", Progress.round(r.enqueueSeconds, 3));
            out.put("drain_s", Progress.round(r.drainSeconds, 3));
            out.put("handled", r.handled);
            out.put("leftover", r.leftovers);
            out.put("warmup_jobs", warmupJobs);
            boolean clean = r.handled == jobs && r.leftovers.values().stream().allMatch(v -> v == 0);
            out.put("verified", clean);
            Progress.result(out);
            if (!clean) {
                System.err.println("error: expected " + jobs + " handled jobs and nothing left in Redis, got "
                        + r.handled + " handled and leftovers " + r.leftovers);
                return 1;
            }
            return 0;
        }
    }

    private Result run(BenchQueue bench, String queue, int n) {
        JobClient client = bench.capstan().client();
        long memBefore = RedisStats.usedMemory(bench.capstan().redis());
        long t0 = System.nanoTime();
        List<JobRequest> requests = new ArrayList<>(batch);
        // Keys unique per run as well as per job: a completion record of an earlier run (kept for the
        // worker's retention period) would otherwise make the worker skip the job.
        String keyPrefix = queue + ":" + Long.toString(System.nanoTime(), 36) + ":";
        for (int i = 0; i < n; i++) {
            JobRequest request = JobRequest.of(TYPE, Welcome.SAMPLE).queue(queue);
            requests.add(exactlyOnce ? request.idempotencyKey(keyPrefix + i) : request);
            if (requests.size() == batch || i == n - 1) {
                client.enqueueAll(requests);
                requests = new ArrayList<>(batch);
            }
        }
        double enqueueSeconds = (System.nanoTime() - t0) / 1e9;
        long memAfter = RedisStats.usedMemory(bench.capstan().redis());
        double bytesPerJob = (memAfter - memBefore) / (double) n;

        LongAdder handled = new LongAdder();
        long t1 = System.nanoTime();
        Worker worker = Worker.builder(bench.capstan())
                .handler(BenchHandlers.handler(TYPE, Welcome.class, w -> handled.increment()))
                .queues(queue)
                .concurrency(concurrency)
                .build()
                .start();
        double drainSeconds;
        try {
            awaitUntil(() -> handled.sum() >= n, Duration.ofMinutes(10), "all jobs handled");
            awaitUntil(() -> bench.inProcessing(queue, worker.id()) == 0, Duration.ofMinutes(1), "all acks in Redis");
            drainSeconds = (System.nanoTime() - t1) / 1e9;
        } finally {
            worker.close();
        }
        return new Result(enqueueSeconds, drainSeconds, bytesPerJob, handled.sum(), bench.leftovers(queue));
    }

    /** Polls a cheap condition; the park is short so it adds well under a millisecond to the timing. */
    static void awaitUntil(java.util.function.BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
        }
    }

    private record Result(double enqueueSeconds, double drainSeconds, double bytesPerJob, long handled,
                          Map<String, Long> leftovers) {}
}
