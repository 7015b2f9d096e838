package dev.capstan.benchmarks;

import static dev.capstan.benchmarks.ChartsCommand.map;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The targets of issue 15, each with the measured value and whether it is met. */
final class Targets {
    private Targets() {}

    static List<Map<String, Object>> of(Summary s) {
        List<Map<String, Object>> out = new ArrayList<>();
        ratio(out, "Redis CPU per job, ours/BullMQ", s.ratio(Summary.OURS, Summary.PEER, "redis_cpu_us_per_job"), "<=", 0.1);
        ratio(out, "client CPU per job, steady state, ours/BullMQ",
                s.ratio(Summary.OURS, Summary.PEER, "client_cpu_us_per_job_steady"), "<=", 0.4);
        ratio(out, "processing jobs/s, one worker JVM, ours/BullMQ", s.ratio(Summary.OURS, Summary.PEER, "jobs_per_s"), ">=", 4);
        ratio(out, "batched enqueue jobs/s, ours/BullMQ", s.ratio(Summary.OURS, Summary.PEER, "enqueue_per_s"), ">=", 10);
        if (s.timed.containsKey(Summary.EXACTLY_ONCE)) {
            ratio(out, "exactly-once processing / at-least-once", s.ratio(Summary.EXACTLY_ONCE, Summary.OURS, "jobs_per_s"), ">=", 0.5);
        }
        if (s.counted.containsKey(Summary.EXACTLY_ONCE)) {
            ratio(out, "exactly-once commands sent per job (processing)",
                    s.countedMedian(Summary.EXACTLY_ONCE, "phases.drain.round_trips_per_job"), "<=", 2);
        }
        Map<String, Object> scheduled = s.other.containsKey("scheduled")
                ? OtherBenchmarks.summarise("scheduled", s.other.get("scheduled")) : Map.of();
        if (scheduled.get("cold") instanceof Map<?, ?> cold) {
            ratio(out, "delayed-job lateness, cold worker, p99 ms", (Double) cold.get("p99_ms"), "<", 20);
            ratio(out, "delayed-job lateness, cold worker, max ms", (Double) cold.get("max_ms"), "<", 50);
        }
        if (scheduled.get("cold_aot") instanceof Map<?, ?> aot) {
            ratio(out, "delayed-job lateness, cold worker with JDK AOT cache, p99 ms", (Double) aot.get("p99_ms"), "<", 20);
            ratio(out, "delayed-job lateness, cold worker with JDK AOT cache, max ms", (Double) aot.get("max_ms"), "<", 50);
        }
        ratio(out, "Redis bytes per waiting job, ours/BullMQ", s.ratio(Summary.OURS, Summary.PEER, "bytes_per_job"), "<=", 0.6);
        if (s.other.containsKey("scaleout")) {
            Map<String, Object> so = OtherBenchmarks.summarise("scaleout", s.other.get("scaleout"));
            if (so.get("3_jvm") instanceof Map<?, ?> three) {
                ratio(out, "3 worker JVMs aggregate / 1 JVM", (Double) three.get("ratio_to_1_jvm"), ">=", 1.0);
            }
        }
        if (s.other.containsKey("cluster")) {
            Map<String, Object> c = OtherBenchmarks.summarise("cluster", s.other.get("cluster"));
            ratio(out, "Cluster: busiest shard's Redis calls / mean", (Double) c.get("calls_max_over_mean"), "<=", 1.25);
            ratio(out, "Cluster: Redis CPU per job / one server", (Double) c.get("redis_cpu_ratio_cluster_to_single"), "<=", 1.15);
        }
        return out;
    }

    private static void ratio(List<Map<String, Object>> out, String figure, Double value, String op, double target) {
        Boolean met = value == null ? null : switch (op) {
            case "<=" -> value <= target;
            case "<" -> value < target;
            default -> value >= target;
        };
        out.add(map("figure", figure, "value", value, "target", op + " " + target, "met", met));
    }
}
