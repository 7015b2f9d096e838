package dev.capstan.benchmarks;

import dev.capstan.api.JacksonJobCodec;
import dev.capstan.api.JobRequest;
import dev.capstan.benchmarks.BenchHandlers.Welcome;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.RedisConnections;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.worker.Worker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One worker process of the {@code scaleout} benchmark ({@link ScaleOutCommand} starts several).
 * It talks to its parent by lines: after warming up on a queue of its own it prints
 * {@code READY <worker id>}; on {@code GO} it starts a worker on the measured queue; on {@code STOP}
 * it closes the worker and prints {@code THREADS <CPU ms by thread name over the trial, JSON>} and
 * {@code HANDLED <jobs it ran>}, then exits.
 *
 * <p>Arguments: Redis URL, measured queue, concurrency, warm-up jobs, index (names the warm-up queue).
 */
public final class ScaleOutWorkerMain {
    private ScaleOutWorkerMain() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String queue = args[1];
        int concurrency = Integer.parseInt(args[2]);
        int warmupJobs = Integer.parseInt(args[3]);
        String index = args[4];
        BufferedReader parent = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (CapstanRedis capstan = new CapstanRedis(RedisConnections.connect(url),
                QueueSettings.defaults(new Namespace(BenchQueue.NAMESPACE)), new JacksonJobCodec())) {
            if (warmupJobs > 0) {
                warmUp(capstan, queue + "-warmup-" + index, concurrency, warmupJobs);
            }
            AtomicLong handled = new AtomicLong();
            Worker worker = Worker.builder(capstan)
                    .handler(BenchHandlers.handler(ThroughputCommand.TYPE, Welcome.class, w -> handled.incrementAndGet()))
                    .queues(queue)
                    .concurrency(concurrency)
                    .build();
            System.out.println("READY " + worker.id());
            System.out.flush();
            expect(parent, "GO");
            java.util.Map<String, Long> before = CostMeter.threadCpuMillis();
            worker.start();
            expect(parent, "STOP");
            java.util.Map<String, Long> after = CostMeter.threadCpuMillis();
            worker.close();
            // CPU by thread over the trial (ms): where a worker JVM's time went (job threads, JIT, GC...).
            java.util.Map<String, Long> threads = new java.util.TreeMap<>();
            after.forEach((name, ms) -> {
                long d = ms - before.getOrDefault(name, 0L);
                if (d > 0) {
                    threads.put(name, d);
                }
            });
            System.out.println("THREADS " + Progress.json().writeValueAsString(threads));
            System.out.println("HANDLED " + handled.get());
            System.out.flush();
        }
    }

    /** Runs jobs through the same path on a queue of its own: scripts loaded, JIT warm, as a long-running worker. */
    private static void warmUp(CapstanRedis capstan, String queue, int concurrency, int jobs) throws InterruptedException {
        List<JobRequest> requests = new ArrayList<>(jobs);
        for (int i = 0; i < jobs; i++) {
            requests.add(JobRequest.of(ThroughputCommand.TYPE, Welcome.SAMPLE).queue(queue));
        }
        capstan.client().enqueueAll(requests);
        Milestones done = new Milestones(jobs);
        try (Worker worker = Worker.builder(capstan)
                .handler(BenchHandlers.handler(ThroughputCommand.TYPE, Welcome.class, w -> done.increment()))
                .queues(queue).concurrency(concurrency).build().start()) {
            done.await(0, Duration.ofMinutes(5));
        }
    }

    private static void expect(BufferedReader parent, String word) throws java.io.IOException {
        String line = parent.readLine();
        if (!word.equals(line)) {
            throw new IllegalStateException("expected " + word + " from the parent, got " + line);
        }
    }
}
