package dev.capstan.benchmarks;

import static dev.capstan.benchmarks.ChartsCommand.map;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Summaries of the lines that are not Capstan-vs-peer throughput: scheduled, scale-out, Cluster. */
final class OtherBenchmarks {
    private OtherBenchmarks() {}

    static Map<String, Object> summarise(String benchmark, List<JsonNode> runs) {
        return switch (benchmark) {
            case "scheduled" -> scheduled(runs);
            case "scaleout" -> scaleout(runs);
            case "cluster" -> cluster(runs);
            default -> map("runs", runs.size());
        };
    }

    /**
     * Lateness medians, cold (no warm-up jobs: the worker started just before the first due job), cold
     * with the JDK's AOT cache, and warm apart.
     */
    private static Map<String, Object> scheduled(List<JsonNode> runs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String kind : List.of("cold", "cold_aot", "warm")) {
            List<JsonNode> these = runs.stream().filter(n -> kind.equals(n.path("warmup_jobs").asInt() != 0 ? "warm"
                    : n.path("aot_cache").asBoolean(false) ? "cold_aot" : "cold")).toList();
            if (these.isEmpty()) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("runs", these.size());
            for (String f : List.of("p50_ms", "p99_ms", "max_ms")) {
                m.put(f, Summary.median(these.stream().map(n -> Summary.value(n, f)).toList()));
                m.put(f + "_per_run", these.stream().map(n -> Summary.value(n, f)).toList());
            }
            m.put("all_verified", these.stream().allMatch(n -> n.path("verified").asBoolean()));
            m.put("loads", these.stream().map(n -> n.path("load").asText("")).toList());
            out.put(kind, m);
        }
        return out;
    }

    /** Aggregate jobs/s by number of worker JVMs, and the ratio of each to one JVM in the same round. */
    private static Map<String, Object> scaleout(List<JsonNode> runs) {
        Map<Integer, List<JsonNode>> byWorkers = new TreeMap<>();
        runs.forEach(n -> byWorkers.computeIfAbsent(n.path("workers").asInt(), k -> new ArrayList<>()).add(n));
        Map<String, Object> out = new LinkedHashMap<>();
        List<JsonNode> single = byWorkers.getOrDefault(1, List.of());
        byWorkers.forEach((workers, these) -> {
            List<Double> rates = these.stream().map(n -> Summary.value(n, "jobs_per_s")).toList();
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < Math.min(these.size(), single.size()); i++) {
                ratios.add(Progress.round(rates.get(i) / Summary.value(single.get(i), "jobs_per_s"), 3));
            }
            out.put(workers + "_jvm", map("runs", these.size(), "jobs_per_s", Summary.median(rates), "jobs_per_s_per_run", rates,
                    "ratio_to_1_jvm", Summary.median(ratios), "ratio_per_round", ratios,
                    "redis_cpu_us_per_job", Summary.median(these.stream().map(n -> Summary.value(n, "redis_cpu_us_per_job")).toList()),
                    "client_cpu_us_per_job", Summary.median(these.stream().map(n -> Summary.value(n, "client_cpu_us_per_job")).toList()),
                    "redis_calls_per_job", Summary.median(these.stream().map(n -> Summary.value(n, "redis_calls_per_job")).toList()),
                    "all_verified", these.stream().allMatch(n -> n.path("verified").asBoolean())));
        });
        return out;
    }

    /** Redis CPU per job on the Cluster against one server (same run), and how evenly the shards shared the work. */
    private static Map<String, Object> cluster(List<JsonNode> runs) {
        List<Double> ratio = new ArrayList<>();
        List<Double> cpuSpread = new ArrayList<>();
        List<Double> callSpread = new ArrayList<>();
        for (JsonNode n : runs) {
            ratio.add(Summary.value(n, "redis_cpu_ratio_cluster_to_single"));
            cpuSpread.add(Summary.value(n, "spread.cpu_max_over_mean"));
            callSpread.add(Summary.value(n, "spread.calls_max_over_mean"));
        }
        return map("runs", runs.size(), "queues", runs.isEmpty() ? 0 : runs.get(0).path("queues").asInt(),
                "primaries", runs.isEmpty() ? 0 : runs.get(0).path("primaries").asInt(),
                "redis_cpu_us_per_job_cluster", Summary.median(runs.stream().map(n -> Summary.value(n, "cluster.redis_cpu_us_per_job")).toList()),
                "redis_cpu_us_per_job_single", Summary.median(runs.stream().map(n -> Summary.value(n, "single.redis_cpu_us_per_job")).toList()),
                "redis_cpu_ratio_cluster_to_single", Summary.median(ratio),
                "cpu_max_over_mean", Summary.median(cpuSpread), "calls_max_over_mean", Summary.median(callSpread),
                "all_verified", runs.stream().allMatch(n -> n.path("verified").asBoolean()));
    }
}
