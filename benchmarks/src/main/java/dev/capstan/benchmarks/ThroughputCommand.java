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

    @Option(names = "--cluster",
            description = "Start a Redis Cluster (--primaries) and one redis-server, and run the jobs over --queues queues on "
                    + "each, alternately (--runs rounds): per-shard Redis CPU and commands, Redis CPU per job on both (ignores --redis).")
    boolean cluster;

    @Option(names = "--queues", defaultValue = "6", description = "With --cluster: queues the jobs are spread over (default ${DEFAULT-VALUE}).")
    int queues;

    @Option(names = "--primaries", defaultValue = "3", description = "With --cluster: primaries of the cluster (default ${DEFAULT-VALUE}).")
    int primaries;

    @Option(names = "--runs", defaultValue = "1", description = "With --cluster: rounds of (one server, cluster) (default ${DEFAULT-VALUE}).")
    int runs;

    @Override
    public Integer call() {
        if (cluster) {
            Map<String, Object> out = new ClusterThroughput(jobs, concurrency, batch, queues, primaries, warmupJobs).run(runs);
            Progress.result(out);
            return Boolean.TRUE.equals(out.get("verified")) ? 0 : 1;
        }
        Map<String, Object> startup = CostMeter.startup();
        try (RedisOption.RedisTarget target = redis.open(); BenchQueue bench = new BenchQueue(target.url());
             CostMeter meter = CostMeter.of(target)) {
            Map<String, Object> warmup = null;
            if (warmupJobs > 0) {
                Progress.log("warm-up: %d jobs", warmupJobs);
                Result w = run(bench, meter, QUEUE + "-warmup", warmupJobs, "warmup-");
                warmup = meter.phase(w.marks().get("warmup-enqueue-start"), w.marks().get("warmup-drain-end"));
            }
            Progress.log("enqueue %d jobs in batches of %d, drain with concurrency %d%s", jobs, batch, concurrency,
                    exactlyOnce ? ", every job with an idempotency key" : "");
            Result r = run(bench, meter, QUEUE, jobs, "");
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
            Map<String, Map<String, Object>> phases = phases(meter, r.marks(), "");
            out.putAll(Costs.headline(phases, jobs, CostMeter.processCpuNanos() / 1e6, startup, warmup));
            out.put("phases", phases);
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

    /** The measured phases: enqueue and drain whole, and their steady middles (20 % to 80 % of the jobs). */
    static Map<String, Map<String, Object>> phases(CostMeter meter, Map<String, CostMeter.Mark> m, String prefix) {
        Map<String, Map<String, Object>> phases = new LinkedHashMap<>();
        phases.put("enqueue", meter.phase(m.get(prefix + "enqueue-start"), m.get(prefix + "enqueue-end")));
        phases.put("enqueue_steady", meter.phase(m.get(prefix + "enqueue-20"), m.get(prefix + "enqueue-80")));
        phases.put("drain", meter.phase(m.get(prefix + "drain-start"), m.get(prefix + "drain-end")));
        phases.put("drain_steady", meter.phase(m.get(prefix + "drain-20"), m.get(prefix + "drain-80")));
        return phases;
    }

    private Result run(BenchQueue bench, CostMeter meter, String queue, int n, String prefix) {
        JobClient client = bench.capstan().client();
        Map<String, CostMeter.Mark> marks = new LinkedHashMap<>();
        long memBefore = RedisStats.usedMemory(bench.capstan().redis());
        long[] steadyAt = {Math.max(1, n / 5), Math.max(1, n * 4 / 5)};
        marks.put(prefix + "enqueue-start", meter.mark(prefix + "enqueue-start", 0));
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
                markOnce(meter, marks, prefix + "enqueue-20", i + 1, steadyAt[0]);
                markOnce(meter, marks, prefix + "enqueue-80", i + 1, steadyAt[1]);
            }
        }
        double enqueueSeconds = (System.nanoTime() - t0) / 1e9;
        marks.put(prefix + "enqueue-end", meter.mark(prefix + "enqueue-end", n));
        long memAfter = RedisStats.usedMemory(bench.capstan().redis());
        double bytesPerJob = (memAfter - memBefore) / (double) n;

        Milestones handled = new Milestones(steadyAt[0], steadyAt[1], n);
        marks.put(prefix + "drain-start", meter.mark(prefix + "drain-start", 0));
        long t1 = System.nanoTime();
        Worker worker = Worker.builder(bench.capstan())
                .handler(BenchHandlers.handler(TYPE, Welcome.class, w -> handled.increment()))
                .queues(queue)
                .concurrency(concurrency)
                .build()
                .start();
        double drainSeconds;
        try {
            // The main thread sleeps until the handlers pass each milestone: polling would add its own
            // CPU to the client's figures.
            handled.await(0, Duration.ofMinutes(10));
            marks.put(prefix + "drain-20", meter.mark(prefix + "drain-20", handled.sum()));
            handled.await(1, Duration.ofMinutes(10));
            marks.put(prefix + "drain-80", meter.mark(prefix + "drain-80", handled.sum()));
            handled.await(2, Duration.ofMinutes(10));
            awaitUntil(() -> bench.inProcessing(queue, worker.id()) == 0, Duration.ofMinutes(1), "all acks in Redis");
            drainSeconds = (System.nanoTime() - t1) / 1e9;
            marks.put(prefix + "drain-end", meter.mark(prefix + "drain-end", n));
        } finally {
            worker.close();
        }
        return new Result(enqueueSeconds, drainSeconds, bytesPerJob, handled.sum(), bench.leftovers(queue), marks);
    }

    /** Takes the mark {@code name} the first time {@code done} reaches {@code at}. */
    private static void markOnce(CostMeter meter, Map<String, CostMeter.Mark> marks, String name, long done, long at) {
        if (done >= at && !marks.containsKey(name)) {
            marks.put(name, meter.mark(name, done));
        }
    }

    /** Polls a condition every millisecond (for short waits only: polling costs the client CPU). */
    static void awaitUntil(java.util.function.BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private record Result(double enqueueSeconds, double drainSeconds, double bytesPerJob, long handled,
                          Map<String, Long> leftovers, Map<String, CostMeter.Mark> marks) {}
}
