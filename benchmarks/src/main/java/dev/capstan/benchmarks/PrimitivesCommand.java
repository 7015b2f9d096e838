package dev.capstan.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Operations per second of Redis primitives, per implementation (see {@link PrimitiveSuites}). */
@Command(name = "primitives", mixinStandardHelpOptions = true,
        description = "ops/s of rate limiter, lock, Bloom filter and HyperLogLog: Redisson vs Capstan (when available).")
final class PrimitivesCommand implements Callable<Integer> {

    @Mixin
    RedisOption redis;

    @Option(names = "--ops", defaultValue = "20000", description = "Timed operations per primitive (default ${DEFAULT-VALUE}).")
    int ops;

    @Option(names = "--threads", defaultValue = "8", description = "Calling threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws Exception {
        List<Map<String, Object>> results = new ArrayList<>();
        try (RedisOption.RedisTarget target = redis.open()) {
            for (PrimitiveSuite suite : PrimitiveSuites.open(target.host(), target.port())) {
                try (suite) {
                    for (PrimitiveSuite.Op op : suite.ops()) {
                        time(op, Math.max(threads, ops / 10)); // warm-up
                        double seconds = time(op, ops);
                        long perSecond = Math.round(ops / seconds);
                        Progress.log("%-10s %-26s %,10d ops/s", suite.implementation(), op.name(), perSecond);
                        Map<String, Object> r = new LinkedHashMap<>();
                        r.put("impl", suite.implementation());
                        r.put("op", op.name());
                        r.put("ops_per_s", perSecond);
                        r.put("what", op.description());
                        results.add(r);
                    }
                }
            }
        }
        List<String> missing = PrimitiveSuites.missing();
        missing.forEach(m -> Progress.log("not measured: %s", m));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("benchmark", "primitives");
        out.put("ops", ops);
        out.put("threads", threads);
        out.put("results", results);
        out.put("missing", missing);
        Progress.result(out);
        return 0;
    }

    /** Runs {@code n} operations split over the threads; returns the wall time in seconds. */
    private double time(PrimitiveSuite.Op op, int n) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        RuntimeException[] failure = new RuntimeException[1];
        for (int t = 0; t < threads; t++) {
            Runnable body = op.perThread().apply(t);
            int share = n / threads + (t < n % threads ? 1 : 0);
            workers.add(Thread.ofPlatform().name("bench-op-" + t).start(() -> {
                try {
                    start.await();
                    for (int i = 0; i < share; i++) {
                        body.run();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                }
            }));
        }
        long t0 = System.nanoTime();
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        synchronized (failure) {
            if (failure[0] != null) {
                throw new IllegalStateException(op.name() + " failed: " + failure[0], failure[0]);
            }
        }
        return seconds;
    }
}
