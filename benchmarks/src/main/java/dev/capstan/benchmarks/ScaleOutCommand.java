package dev.capstan.benchmarks;

import dev.capstan.api.JobRequest;
import dev.capstan.benchmarks.BenchHandlers.Welcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Scale-out over worker processes: N jobs on ONE queue drained by {@code --workers} worker JVMs at
 * once, each with the same concurrency ({@code compare.sh} runs 1 and 3 alternately in the same run
 * and pairs them for the ratio). Each JVM warms up on a queue of its own first and waits; the clock starts
 * when all are told to go and stops when the queue and every processing list are empty (all jobs
 * ran and their acks reached Redis). What it shows: whether more processes on one queue add
 * throughput or fight over it (fetch and ack contention would show as Redis CPU or commands per job
 * rising with the number of workers). Every round verifies that the JVMs together ran exactly N jobs
 * and that nothing was left in Redis.
 */
@Command(name = "scaleout", mixinStandardHelpOptions = true,
        description = "One queue drained by several worker JVMs at once (compare.sh alternates 1 and 3).")
final class ScaleOutCommand implements Callable<Integer> {
    static final String QUEUE = "bench-scaleout";
    private static final Duration POLL = Duration.ofMillis(5);
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    @Mixin
    RedisOption redis;

    @Option(names = "--workers", defaultValue = "3", description = "Worker JVMs in the scaled-out trial (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--jobs", defaultValue = "100000", description = "Jobs per trial (default ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--concurrency", defaultValue = "50", description = "Concurrency of each worker JVM (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--warmup-jobs", defaultValue = "20000",
            description = "Jobs each JVM runs on its own queue before the trial, so that its JIT compiler is done as in a long-running worker (default ${DEFAULT-VALUE}).")
    int warmupJobs;

    @Override
    public Integer call() throws Exception {
        try (RedisOption.RedisTarget target = redis.open(); BenchQueue bench = new BenchQueue(target.url());
             CostMeter meter = CostMeter.of(target)) {
            Progress.log("%d job(s) on one queue, %d worker JVM(s), concurrency %d each", jobs, workers, concurrency);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("benchmark", "scaleout");
            out.put("impl", "capstan");
            out.put("jobs", jobs);
            out.put("concurrency_per_worker", concurrency);
            out.put("warmup_jobs_per_worker", warmupJobs);
            out.putAll(trial(bench, meter, target.url(), workers));
            Progress.result(out);
            return Boolean.TRUE.equals(out.get("verified")) ? 0 : 1;
        }
    }

    /** One trial: enqueue, start {@code w} JVMs (warmed up, waiting), go, wait for an empty queue, stop, verify. */
    private Map<String, Object> trial(BenchQueue bench, CostMeter meter, String url, int w) throws Exception {
        List<JobRequest> batch = new ArrayList<>(1000);
        for (int i = 0; i < jobs; i++) {
            batch.add(JobRequest.of(ThroughputCommand.TYPE, Welcome.SAMPLE).queue(QUEUE));
            if (batch.size() == 1000 || i == jobs - 1) {
                bench.capstan().client().enqueueAll(batch);
                batch = new ArrayList<>(1000);
            }
        }
        List<Child> children = new ArrayList<>();
        try {
            for (int i = 0; i < w; i++) {
                children.add(Child.start(url, concurrency, warmupJobs, i));
            }
            for (Child child : children) {
                child.workerId = child.expect("READY");
            }
            long[] cpuBefore = children.stream().mapToLong(Child::cpuMillis).toArray();
            CostMeter.Mark go = meter.mark("scaleout-" + w + "-go", 0);
            long t0 = System.nanoTime();
            children.forEach(c -> c.send("GO"));
            long polls = awaitDrained(bench, children);
            double seconds = (System.nanoTime() - t0) / 1e9;
            CostMeter.Mark end = meter.mark("scaleout-" + w + "-end", jobs);
            long clientCpuMs = 0;
            for (int i = 0; i < children.size(); i++) {
                clientCpuMs += children.get(i).cpuMillis() - cpuBefore[i];
            }
            children.forEach(c -> c.send("STOP"));
            List<Long> handled = new ArrayList<>();
            Map<String, Long> threads = new java.util.TreeMap<>();
            for (Child child : children) {
                Map<String, Long> mine = Progress.json().readValue(child.expect("THREADS"),
                        new com.fasterxml.jackson.core.type.TypeReference<Map<String, Long>>() {});
                mine.forEach((name, ms) -> threads.merge(name, ms, Long::sum));
                handled.add(Long.parseLong(child.expect("HANDLED")));
                child.awaitExit();
            }
            Map<String, Object> phase = meter.phase(go, end);
            long calls = ((Number) phase.get("redis_calls")).longValue() - polls * (1 + w); // less our own polling
            Map<String, Long> leftovers = new LinkedHashMap<>(bench.leftovers(QUEUE));
            for (int i = 0; i < w; i++) {
                bench.leftovers(QUEUE + "-warmup-" + i).forEach((k, v) -> leftovers.merge(k, v, Long::sum));
            }
            long total = handled.stream().mapToLong(Long::longValue).sum();
            boolean clean = total == jobs && leftovers.values().stream().allMatch(v -> v == 0);
            if (!clean) {
                Progress.log("error: expected %d jobs run and nothing left in Redis, got %d run %s and leftovers %s",
                        jobs, total, handled, leftovers);
            }
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("workers", w);
            t.put("jobs_per_s", Math.round(jobs / seconds));
            t.put("drain_s", Progress.round(seconds, 3));
            t.put("redis_cpu_us_per_job", phase.get("redis_cpu_us_per_job"));
            t.put("redis_calls_per_job", Progress.round(calls / (double) jobs, 3));
            t.put("client_cpu_us_per_job", Progress.round(clientCpuMs * 1000.0 / jobs, 2));
            t.put("client_cpu_ms_by_thread", threads);
            t.put("handled_per_worker", handled);
            t.put("leftover", leftovers);
            t.put("verified", clean);
            Progress.log("%d JVM(s): %s jobs/s, Redis CPU %s us/job, %s calls/job, handled %s",
                    w, t.get("jobs_per_s"), t.get("redis_cpu_us_per_job"), t.get("redis_calls_per_job"), handled);
            return t;
        } finally {
            children.forEach(Child::kill);
        }
    }

    /** Polls until the queue and the workers' processing lists are empty; returns how many polls it made. */
    private static long awaitDrained(BenchQueue bench, List<Child> children) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long polls = 0;
        while (true) {
            polls++;
            long left = bench.capstan().redis().llen(bench.capstan().broker().keys(QUEUE).pending());
            for (Child child : children) {
                left += bench.inProcessing(QUEUE, child.workerId);
            }
            if (left == 0) {
                return polls;
            }
            for (Child child : children) {
                if (!child.process.isAlive()) {
                    throw new IllegalStateException("a worker JVM exited during the trial; its log: " + child.log);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + TIMEOUT + " with " + left + " job(s) not done");
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    /** A worker JVM: this jar's class path, default JVM flags, stdin for orders, stdout for answers. */
    private static final class Child {
        final Process process;
        final Path log;
        final BufferedReader out;
        final Writer in;
        String workerId;

        private Child(Process process, Path log) {
            this.process = process;
            this.log = log;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        static Child start(String url, int concurrency, int warmupJobs, int index) throws IOException {
            Path log = Files.createTempFile("capstan-scaleout-" + index + "-", ".log");
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(ScaleOutWorkerMain.class.getName());
            cmd.addAll(List.of(url, QUEUE, Integer.toString(concurrency), Integer.toString(warmupJobs), Integer.toString(index)));
            Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
            return new Child(p, log);
        }

        /** Reads the next line, which must start with {@code word}; returns the rest. */
        String expect(String word) {
            try {
                String line = out.readLine();
                if (line == null || !line.startsWith(word + " ")) {
                    throw new IllegalStateException("worker JVM said " + line + " instead of " + word + "; its log: "
                            + Files.readString(log));
                }
                return line.substring(word.length() + 1).trim();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void send(String line) {
            try {
                in.write(line + "\n");
                in.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** CPU time so far (user + system), ms, from /proc (Linux); 0 elsewhere. */
        long cpuMillis() {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10; // USER_HZ = 100
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        void awaitExit() throws InterruptedException {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("a worker JVM did not exit after STOP; its log: " + log);
            }
        }

        void kill() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }
}
