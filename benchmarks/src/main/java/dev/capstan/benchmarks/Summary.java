package dev.capstan.benchmarks;

import static dev.capstan.benchmarks.ChartsCommand.map;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The medians, ratios and targets of one compare.sh run, from its JSON lines.
 *
 * <p>Groups: {@code capstan} (timed {@code throughput} runs), {@code capstan-eo} (the same with
 * {@code --exactly-once}), {@code bullmq} (the peer's driver; also the older {@code {"peer":"bullmq"}}
 * and {@code {"benchmark":"memory"}} lines). Lines from {@code count-commands} give the commands sent
 * per job and are kept apart (MONITOR slows the server, so their rates are not results).
 *
 * <p>Ratios are ours/peer. {@code ratio} is the median of the per-round ratios, rounds paired in the
 * order they ran (each pair ran minutes apart on the same machine, which is what makes a ratio
 * meaningful on a noisy host); {@code ratio_of_medians} is given beside it.
 */
final class Summary {
    static final String OURS = "capstan";
    static final String EXACTLY_ONCE = "capstan-eo";
    static final String PEER = "bullmq";

    /** The figures summarised per group, by JSON path in a throughput line. */
    static final List<String> FIGURES = List.of("enqueue_per_s", "jobs_per_s", "bytes_per_job",
            "redis_cpu_us_per_job", "redis_cpu_us_per_job_steady", "client_cpu_us_per_job_steady",
            "client_cpu_us_per_job_total", "startup_cpu_ms", "warmup_cpu_ms", "redis_calls_per_job",
            "phases.enqueue_steady.client_cpu_us_per_job", "phases.drain_steady.client_cpu_us_per_job",
            "phases.enqueue_steady.redis_cpu_us_per_job", "phases.drain_steady.redis_cpu_us_per_job",
            "phases.drain.client_cpu_us_per_job", "phases.drain.redis_cpu_us_per_job");
    /** From count-commands lines. */
    static final List<String> COUNTED = List.of("round_trips_per_job", "round_trips_per_job_steady",
            "phases.enqueue.round_trips_per_job", "phases.drain.round_trips_per_job",
            "phases.drain_steady.round_trips_per_job", "phases.drain_steady.lua_commands_per_job");

    final Map<String, List<JsonNode>> timed = new LinkedHashMap<>();
    final Map<String, List<JsonNode>> counted = new LinkedHashMap<>();
    final Map<String, List<JsonNode>> other = new LinkedHashMap<>();
    int jobs;
    int concurrency;

    static Summary of(List<JsonNode> lines) {
        Summary s = new Summary();
        for (JsonNode n : lines) {
            String benchmark = n.path("cluster").asBoolean(false) ? "cluster" : n.path("benchmark").asText();
            String group = n.path("cluster").asBoolean(false) ? null : group(n);
            if ("memory".equals(benchmark) && PEER.equals(n.path("impl").asText())) {
                s.other.computeIfAbsent("memory", k -> new ArrayList<>()).add(n);
            } else if (group != null && n.path("count_commands").asBoolean(false)) {
                s.counted.computeIfAbsent(group, k -> new ArrayList<>()).add(n);
            } else if (group != null) {
                s.timed.computeIfAbsent(group, k -> new ArrayList<>()).add(n);
                if (OURS.equals(group)) {
                    s.jobs = n.path("jobs").asInt();
                    s.concurrency = n.path("concurrency").asInt();
                }
            } else if (!benchmark.isEmpty()) {
                s.other.computeIfAbsent(benchmark, k -> new ArrayList<>()).add(n);
            }
        }
        return s;
    }

    private static String group(JsonNode n) {
        if (PEER.equals(n.path("peer").asText())) {
            return PEER;
        }
        if (!"throughput".equals(n.path("benchmark").asText())) {
            return null;
        }
        if (PEER.equals(n.path("impl").asText())) {
            return PEER;
        }
        return n.path("exactly_once").asBoolean(false) ? EXACTLY_ONCE : OURS;
    }

    /** The value at a dotted path, or null. */
    static Double value(JsonNode n, String path) {
        JsonNode v = n;
        for (String part : path.split("\\.")) {
            v = v.path(part);
        }
        return v.isNumber() ? v.asDouble() : null;
    }

    List<Double> values(Map<String, List<JsonNode>> groups, String group, String path) {
        List<Double> out = new ArrayList<>();
        for (JsonNode n : groups.getOrDefault(group, List.of())) {
            Double v = value(n, path);
            if (v != null) {
                out.add(v);
            }
        }
        if (out.isEmpty() && PEER.equals(group) && "bytes_per_job".equals(path)) {
            for (JsonNode n : other.getOrDefault("memory", List.of())) {
                out.add(n.path("bytes_per_job").asDouble());
            }
        }
        return out;
    }

    Double median(String group, String path) {
        return median(values(timed, group, path));
    }

    Double countedMedian(String group, String path) {
        return median(values(counted, group, path));
    }

    /** Median of the per-round ratios a/b (rounds paired in order), or the ratio of medians when unpaired. */
    Double ratio(String a, String b, String path) {
        List<Double> x = values(timed, a, path);
        List<Double> y = values(timed, b, path);
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            if (y.get(i) != 0) {
                ratios.add(x.get(i) / y.get(i));
            }
        }
        Double m = median(ratios);
        if (m == null) {
            Double mx = median(x);
            Double my = median(y);
            m = mx == null || my == null || my == 0 ? null : mx / my;
        }
        return m == null ? null : Progress.round(m, 3);
    }

    List<Double> roundRatios(String a, String b, String path) {
        List<Double> x = values(timed, a, path);
        List<Double> y = values(timed, b, path);
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            ratios.add(y.get(i) == 0 ? null : Progress.round(x.get(i) / y.get(i), 3));
        }
        return ratios;
    }

    Map<String, Object> json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("benchmark", "compare");
        out.put("jobs", jobs);
        out.put("concurrency", concurrency);
        out.put("runs_ours", timed.getOrDefault(OURS, List.of()).size());
        out.put("runs_peer", timed.getOrDefault(PEER, List.of()).size());
        out.put("loads", loads());
        for (String figure : FIGURES) {
            Double o = median(OURS, figure);
            Double p = median(PEER, figure);
            if (o == null && p == null) {
                continue;
            }
            out.put(figure, map(OURS, o, PEER, p, "ratio", ratio(OURS, PEER, figure),
                    "ratio_of_medians", o == null || p == null || p == 0 ? null : Progress.round(o / p, 3),
                    "per_round", roundRatios(OURS, PEER, figure)));
        }
        Map<String, Object> trips = new LinkedHashMap<>();
        for (String group : counted.keySet()) {
            Map<String, Object> g = new LinkedHashMap<>();
            for (String path : COUNTED) {
                g.put(path, countedMedian(group, path));
            }
            trips.put(group, g);
        }
        if (!trips.isEmpty()) {
            out.put("commands_sent", trips);
        }
        if (timed.containsKey(EXACTLY_ONCE)) {
            Map<String, Object> eo = new LinkedHashMap<>();
            eo.put("runs", timed.get(EXACTLY_ONCE).size());
            for (String figure : List.of("enqueue_per_s", "jobs_per_s", "redis_cpu_us_per_job",
                    "client_cpu_us_per_job_steady", "bytes_per_job")) {
                eo.put(figure, map("capstan_exactly_once", median(EXACTLY_ONCE, figure),
                        "capstan_at_least_once", median(OURS, figure), "ratio", ratio(EXACTLY_ONCE, OURS, figure),
                        "per_round", roundRatios(EXACTLY_ONCE, OURS, figure)));
            }
            out.put("exactly_once", eo);
        }
        other.forEach((benchmark, runs) -> {
            if (!"memory".equals(benchmark)) {
                out.put(benchmark, OtherBenchmarks.summarise(benchmark, runs));
            }
        });
        out.put("targets", Targets.of(this));
        return out;
    }

    /** The load averages each run recorded at its start (compare.sh adds {@code load} to each line). */
    private List<String> loads() {
        List<String> loads = new ArrayList<>();
        for (List<JsonNode> runs : List.of(timed.getOrDefault(OURS, List.of()), timed.getOrDefault(EXACTLY_ONCE, List.of()),
                timed.getOrDefault(PEER, List.of()))) {
            for (JsonNode n : runs) {
                if (n.has("load")) {
                    loads.add(n.path("impl").asText(PEER) + (n.path("exactly_once").asBoolean() ? "-eo" : "") + " "
                            + n.path("load").asText());
                }
            }
        }
        return loads;
    }

    void print() {
        System.err.printf("%-46s %12s %12s %8s%n", "figure (median)", "capstan", "bullmq", "ratio");
        for (String figure : FIGURES) {
            Double o = median(OURS, figure);
            Double p = median(PEER, figure);
            if (o == null && p == null) {
                continue;
            }
            Double r = ratio(OURS, PEER, figure);
            System.err.printf("%-46s %12s %12s %8s%n", figure, fmt(o), fmt(p), r == null ? "n/a" : r + "x");
        }
        for (Map<String, Object> t : Targets.of(this)) {
            System.err.printf("target %-40s %10s %-10s %s%n", t.get("figure"), t.get("value"), t.get("target"),
                    Boolean.TRUE.equals(t.get("met")) ? "met" : "MISSED");
        }
    }

    static Double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>();
        for (Double v : values) {
            if (v != null) {
                sorted.add(v);
            }
        }
        if (sorted.isEmpty()) {
            return null;
        }
        Collections.sort(sorted);
        int mid = sorted.size() / 2;
        double m = sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
        return Progress.round(m, 3);
    }

    private static String fmt(Double v) {
        return v == null ? "n/a" : String.format("%,.2f", v);
    }
}
