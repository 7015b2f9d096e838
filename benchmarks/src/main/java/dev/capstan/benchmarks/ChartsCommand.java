package dev.capstan.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Summarises a compare.sh results file (one JSON line per run: ours from {@code throughput}, the
 * peer's from {@code bench.mjs}, the peer's memory from {@code bullmq-memory.mjs}): the median of
 * each figure per implementation, the ratio ours/peer, and bar charts as PNG.
 */
@Command(name = "charts", mixinStandardHelpOptions = true,
        description = "Summarise compare.sh results (medians, ratios ours/peer) and draw bar charts.")
final class ChartsCommand implements Callable<Integer> {

    @Option(names = "--results", required = true, description = "JSON-lines file written by compare.sh.")
    Path results;

    @Option(names = "--primitives", description = "Also redraw primitives-ops-per-s.png from this primitives JSON line (needs --out).")
    Path primitives;

    @Option(names = "--out", description = "Directory for the PNG charts (none if omitted).")
    Path out;

    @Override
    public Integer call() throws IOException {
        Map<String, List<Double>> ours = new LinkedHashMap<>();
        Map<String, List<Double>> peer = new LinkedHashMap<>();
        Map<String, List<Double>> exactlyOnce = new LinkedHashMap<>();
        int jobs = 0;
        int concurrency = 0;
        for (String line : Files.readAllLines(results)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = Progress.json().readTree(line);
            if ("throughput".equals(n.path("benchmark").asText()) && "capstan".equals(n.path("impl").asText())
                    && n.path("exactly_once").asBoolean(false)) {
                // Not comparable with the peer (BullMQ has no such mode); reported against our at-least-once runs.
                exactlyOnce.computeIfAbsent("enqueue_per_s", k -> new ArrayList<>()).add(n.get("enqueue_per_s").asDouble());
                exactlyOnce.computeIfAbsent("jobs_per_s", k -> new ArrayList<>()).add(n.get("jobs_per_s").asDouble());
            } else if ("throughput".equals(n.path("benchmark").asText()) && "capstan".equals(n.path("impl").asText())) {
                collect(ours, n, "enqueue_per_s", "jobs_per_s", "bytes_per_job");
                jobs = n.path("jobs").asInt();
                concurrency = n.path("concurrency").asInt();
            } else if ("bullmq".equals(n.path("peer").asText())) {
                collect(peer, n, "enqueue_per_s", "jobs_per_s");
            } else if ("memory".equals(n.path("benchmark").asText()) && "bullmq".equals(n.path("impl").asText())) {
                collect(peer, n, "bytes_per_job");
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("benchmark", "compare");
        summary.put("jobs", jobs);
        summary.put("concurrency", concurrency);
        summary.put("runs_ours", ours.getOrDefault("jobs_per_s", List.of()).size());
        summary.put("runs_peer", peer.getOrDefault("jobs_per_s", List.of()).size());
        System.err.printf("%-16s %14s %14s %10s%n", "figure (median)", "capstan", "bullmq", "ours/peer");
        for (String metric : List.of("enqueue_per_s", "jobs_per_s", "bytes_per_job")) {
            Double o = median(ours.get(metric));
            Double p = median(peer.get(metric));
            Double ratio = o == null || p == null || p == 0 ? null : Progress.round(o / p, 2);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("capstan", o);
            m.put("bullmq", p);
            m.put("ratio", ratio);
            summary.put(metric, m);
            System.err.printf("%-16s %14s %14s %10s%n", metric, fmt(o), fmt(p), ratio == null ? "n/a" : ratio + "x");
            if (out != null && o != null && p != null) {
                String title = switch (metric) {
                    case "enqueue_per_s" -> String.format("Batched enqueue, %,d jobs (higher is better)", jobs);
                    case "jobs_per_s" -> String.format("Processing, %,d jobs, concurrency %d (higher is better)", jobs, concurrency);
                    default -> "Redis bytes per waiting job (lower is better)";
                };
                String unit = switch (metric) {
                    case "enqueue_per_s" -> "jobs enqueued / s";
                    case "jobs_per_s" -> "jobs processed / s";
                    default -> "bytes per waiting job";
                };
                Path png = Charts.bars(out, metric.replace('_', '-') + ".png", title, unit,
                        List.of("Capstan", "BullMQ"), List.of(o, p));
                Progress.log("wrote %s", png);
            }
        }
        if (!exactlyOnce.isEmpty()) {
            Map<String, Object> eo = new LinkedHashMap<>();
            eo.put("runs", exactlyOnce.get("jobs_per_s").size());
            for (String metric : List.of("enqueue_per_s", "jobs_per_s")) {
                Double e = median(exactlyOnce.get(metric));
                Double o = median(ours.get(metric));
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("capstan_exactly_once", e);
                m.put("capstan_at_least_once", o);
                m.put("ratio", e == null || o == null || o == 0 ? null : Progress.round(e / o, 2));
                eo.put(metric, m);
                System.err.printf("%-16s %14s (exactly-once; at-least-once %s)%n", metric, fmt(e), fmt(o));
            }
            summary.put("exactly_once", eo);
        }
        if (primitives != null && out != null) {
            JsonNode p = Progress.json().readTree(Files.readString(primitives).strip());
            Progress.log("wrote %s", PrimitivesCommand.chart(p.get("results"), out));
        }
        Progress.result(summary);
        return 0;
    }

    private static void collect(Map<String, List<Double>> into, JsonNode n, String... fields) {
        for (String f : fields) {
            if (n.has(f)) {
                into.computeIfAbsent(f, k -> new ArrayList<>()).add(n.get(f).asDouble());
            }
        }
    }

    private static Double median(List<Double> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int mid = sorted.size() / 2;
        double m = sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
        return Progress.round(m, 1);
    }

    private static String fmt(Double v) {
        return v == null ? "n/a" : String.format("%,.1f", v);
    }
}
