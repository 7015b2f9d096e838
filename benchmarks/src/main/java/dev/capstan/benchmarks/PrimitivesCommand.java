package dev.capstan.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import redis.clients.jedis.UnifiedJedis;

/**
 * Capstan's Redis primitives beside Redisson's equivalents, in the same process, on the same Redis
 * (by default a redis-server started for this run alone, so nothing else shows in its statistics).
 *
 * <p>Fairness: every operation runs with the same threads for the same duration; operations that do
 * the same job (a {@link PrimitiveSuite.Op#group()}) run back to back, and the order of the two
 * implementations alternates between rounds; the reported ops/s is the median of the rounds. Each
 * operation is warmed up once, untimed, first.
 *
 * <p>Round trips: {@code server_calls_per_op} is the {@code INFO commandstats} calls delta over the
 * timed runs divided by the operations; it also counts the commands a Lua script runs on the server.
 * {@code round_trips_per_op} counts only what the client sent, from a short single-threaded sample
 * under {@code MONITOR} ({@link CommandSampler}); several commands sent as one pipeline would still
 * count as several (the per-command breakdown is in the output).
 */
@Command(name = "primitives", mixinStandardHelpOptions = true,
        description = "ops/s and round trips per operation of Capstan's Redis primitives vs Redisson's.")
final class PrimitivesCommand implements java.util.concurrent.Callable<Integer> {

    @Mixin
    RedisOption redis;

    @Option(names = "--seconds", defaultValue = "2", description = "Timed duration of each operation per round (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup-seconds", defaultValue = "0.5", description = "Untimed run of each operation first (default ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds; the implementations' order alternates (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--threads", defaultValue = "8", description = "Calling threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--sample-ops", defaultValue = "200", description = "Operations sampled under MONITOR for round trips (default ${DEFAULT-VALUE}).")
    int sampleOps;

    @Option(names = "--chart-dir", description = "Also write primitives-ops-per-s.png into this directory.")
    Path chartDir;

    /** One operation of one suite and what was measured of it. */
    private static final class Entry {
        final PrimitiveSuite suite;
        final PrimitiveSuite.Op op;
        final List<Double> opsPerSecond = new ArrayList<>();
        long ops;
        long serverCalls;
        CommandSampler.Sample sample;

        Entry(PrimitiveSuite suite, PrimitiveSuite.Op op) {
            this.suite = suite;
            this.op = op;
        }
    }

    @Override
    public Integer call() throws Exception {
        Map<String, List<Entry>> groups = new LinkedHashMap<>();
        List<Map<String, Object>> results = new ArrayList<>();
        List<Map<String, Object>> ratios = new ArrayList<>();
        try (RedisOption.RedisTarget target = redis.open()) {
            List<PrimitiveSuite> suites = PrimitiveSuites.open(target.url(), target.host(), target.port());
            UnifiedJedis stats = dev.capstan.redis.RedisConnections.connect(target.url());
            try {
                for (PrimitiveSuite suite : suites) {
                    for (PrimitiveSuite.Op op : suite.ops()) {
                        groups.computeIfAbsent(op.group(), g -> new ArrayList<>()).add(new Entry(suite, op));
                    }
                }
                Progress.log("%d threads, %.1f s per operation per round, %d rounds, order alternating", threads, seconds, rounds);
                for (int round = 0; round < rounds; round++) {
                    for (List<Entry> group : groups.values()) {
                        List<Entry> order = new ArrayList<>(group);
                        if (round % 2 == 1) {
                            Collections.reverse(order);
                        }
                        for (Entry e : order) {
                            if (round == 0 && warmupSeconds > 0) {
                                run(e.op, warmupSeconds);
                            }
                            long callsBefore = RedisStats.commandCalls(stats);
                            Run r = run(e.op, seconds);
                            e.serverCalls += RedisStats.commandCalls(stats) - callsBefore;
                            e.ops += r.ops;
                            e.opsPerSecond.add(r.ops / r.seconds);
                            Progress.log("round %d %-9s %-38s %,10.0f ops/s", round + 1, e.suite.implementation(),
                                    e.op.name(), r.ops / r.seconds);
                        }
                    }
                }
                try (CommandSampler sampler = new CommandSampler(target.host(), target.port(), stats)) {
                    for (List<Entry> group : groups.values()) {
                        for (Entry e : group) {
                            Runnable body = e.op.perThread().apply(0);
                            e.sample = sampler.sample(() -> {
                                for (int i = 0; i < sampleOps; i++) {
                                    body.run();
                                }
                            });
                        }
                    }
                }
            } finally {
                stats.close();
                suites.forEach(PrimitiveSuite::close);
            }
        }
        for (List<Entry> group : groups.values()) {
            for (Entry e : group) {
                results.add(result(e));
            }
            for (Entry ours : group) {
                if (!ours.suite.implementation().equals("capstan")) {
                    continue;
                }
                for (Entry peer : group) {
                    if (peer.suite.implementation().equals("capstan")) {
                        continue;
                    }
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("group", ours.op.group());
                    r.put("ours", ours.op.name());
                    r.put("peer", peer.suite.implementation() + ":" + peer.op.name());
                    r.put("ops_per_s_ratio", Progress.round(median(ours.opsPerSecond) / median(peer.opsPerSecond), 2));
                    r.put("round_trips_ratio", Progress.round(roundTrips(ours) / Math.max(1e-9, roundTrips(peer)), 2));
                    ratios.add(r);
                    Progress.log("%-38s vs %-26s ops/s x%.2f, round trips %.2f vs %.2f", ours.op.name(), peer.op.name(),
                            median(ours.opsPerSecond) / median(peer.opsPerSecond), roundTrips(ours), roundTrips(peer));
                }
            }
        }
        if (chartDir != null) {
            Progress.log("wrote %s", chart(Progress.json().valueToTree(results), chartDir));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("benchmark", "primitives");
        out.put("threads", threads);
        out.put("seconds", seconds);
        out.put("rounds", rounds);
        out.put("sample_ops", sampleOps);
        out.put("results", results);
        out.put("ratios", ratios);
        Progress.result(out);
        return 0;
    }

    private Map<String, Object> result(Entry e) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("impl", e.suite.implementation());
        r.put("op", e.op.name());
        r.put("group", e.op.group());
        r.put("ops_per_s", Math.round(median(e.opsPerSecond)));
        r.put("ops_per_s_rounds", e.opsPerSecond.stream().map(Math::round).toList());
        r.put("round_trips_per_op", Progress.round(roundTrips(e), 2));
        r.put("server_calls_per_op", Progress.round(e.ops == 0 ? 0 : e.serverCalls / (double) e.ops, 2));
        r.put("client_commands", e.sample.client());
        r.put("script_commands", e.sample.lua());
        r.put("what", e.op.description());
        return r;
    }

    private double roundTrips(Entry e) {
        return e.sample.clientCommands() / (double) sampleOps;
    }

    /**
     * Bars of ops/s for each Capstan operation that has a Redisson equivalent, beside it, from the
     * {@code results} of a primitives JSON line (so {@code charts --primitives} can redraw it).
     */
    static Path chart(com.fasterxml.jackson.databind.JsonNode results, Path dir) {
        Map<String, Long> redisson = new LinkedHashMap<>();
        for (com.fasterxml.jackson.databind.JsonNode r : results) {
            if (r.path("impl").asText().equals("redisson")) {
                redisson.put(r.path("group").asText(), r.path("ops_per_s").asLong());
            }
        }
        List<String> labels = new ArrayList<>();
        List<Number> ours = new ArrayList<>();
        List<Number> peer = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode r : results) {
            Long p = redisson.get(r.path("group").asText());
            if (r.path("impl").asText().equals("capstan") && p != null) {
                labels.add(r.path("op").asText().replace("rate-limiter.", "rl.").replace("sliding-window-counter", "sliding-win")
                        .replace(".try-acquire-release", "").replace("unique-counter", "hll"));
                ours.add(r.path("ops_per_s").asLong());
                peer.add(p);
            }
        }
        return Charts.groupedBars(dir, "primitives-ops-per-s.png",
                "Primitives, ops/s, same threads and Redis (higher is better); Redisson: RRateLimiter for every rl.*",
                "operations / s", labels, Map.of("Capstan", ours, "Redisson", peer));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }

    private record Run(long ops, double seconds) {}

    /** Runs {@code op} on every thread until {@code duration} has passed; returns the operations done. */
    private Run run(PrimitiveSuite.Op op, double duration) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder done = new LongAdder();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Runnable body = op.perThread().apply(t);
            workers.add(Thread.ofPlatform().name("bench-op-" + t).start(() -> {
                long n = 0;
                try {
                    start.await();
                    while (!stop.get()) {
                        body.run();
                        n++;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                    stop.set(true);
                } finally {
                    done.add(n);
                }
            }));
        }
        long t0 = System.nanoTime();
        start.countDown();
        Thread.sleep(Math.max(1, Math.round(duration * 1000)));
        stop.set(true);
        for (Thread w : workers) {
            w.join();
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        if (failure.get() != null) {
            throw new IllegalStateException(op.name() + " failed: " + failure.get(), failure.get());
        }
        return new Run(done.sum(), elapsed);
    }
}
