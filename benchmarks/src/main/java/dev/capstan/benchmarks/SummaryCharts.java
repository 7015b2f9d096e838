package dev.capstan.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The PNG charts BENCHMARKS.md shows, drawn from a {@link Summary}. */
final class SummaryCharts {
    private SummaryCharts() {}

    static List<Path> draw(Summary s, Path dir) {
        List<Path> written = new ArrayList<>();
        String o = Summary.OURS;
        String p = Summary.PEER;
        int jobs = s.jobs;
        bars(written, s, dir, "enqueue_per_s", "enqueue-per-s.png",
                String.format("Batched enqueue, %,d jobs (higher is better)", jobs), "jobs enqueued / s");
        bars(written, s, dir, "jobs_per_s", "jobs-per-s.png",
                String.format("Processing, %,d jobs, concurrency %d (higher is better)", jobs, s.concurrency), "jobs processed / s");
        bars(written, s, dir, "bytes_per_job", "bytes-per-job.png", "Redis bytes per waiting job (lower is better)",
                "bytes per waiting job");

        // What one job costs, CPU on each side, steady state; and with the client's start-up.
        List<String> costLabels = List.of("Redis CPU", "Redis CPU, steady", "client CPU, steady", "client CPU, incl. start-up");
        List<String> costFigures = List.of("redis_cpu_us_per_job", "redis_cpu_us_per_job_steady", "client_cpu_us_per_job_steady",
                "client_cpu_us_per_job_total");
        if (s.median(o, "redis_cpu_us_per_job") != null && s.median(p, "redis_cpu_us_per_job") != null) {
            written.add(Charts.groupedBars(dir, "cpu-per-job.png",
                    "CPU per job, µs (lower is better): enqueue + processing, medians", "µs of CPU per job", costLabels,
                    series(s, costFigures)));
            // Sizing: how many jobs/s one core carries, on the Redis side and on the worker side (steady state).
            List<String> coreLabels = List.of("one Redis core", "one worker core");
            Map<String, List<Number>> perCore = new LinkedHashMap<>();
            for (String g : List.of(o, p)) {
                perCore.put(name(g), List.of(perCore(s.median(g, "redis_cpu_us_per_job")),
                        perCore(s.median(g, "client_cpu_us_per_job_steady"))));
            }
            written.add(Charts.groupedBars(dir, "jobs-per-core.png",
                    "Jobs/s one CPU core carries, from CPU per job (higher is better)", "jobs / s per core", coreLabels, perCore));
            // Where the client's CPU goes: producer and worker apart.
            written.add(Charts.groupedBars(dir, "client-cpu-by-phase.png",
                    "Client CPU per job by phase, steady state, µs (lower is better)", "µs of CPU per job",
                    List.of("enqueue (producer)", "processing (worker)"),
                    series(s, List.of("phases.enqueue_steady.client_cpu_us_per_job", "phases.drain_steady.client_cpu_us_per_job"))));
        }
        if (!s.counted.isEmpty()) {
            List<String> labels = List.of("enqueue", "processing");
            Map<String, List<Number>> trips = new LinkedHashMap<>();
            for (String g : s.counted.keySet()) {
                trips.put(name(g), List.of(zero(s.countedMedian(g, "phases.enqueue.round_trips_per_job")),
                        zero(s.countedMedian(g, "phases.drain.round_trips_per_job"))));
            }
            written.add(Charts.groupedBars(dir, "commands-sent-per-job.png",
                    "Commands sent to Redis per job (MONITOR sample; lower is better)", "commands per job", labels, trips));
        }
        if (s.other.containsKey("scaleout")) {
            Map<String, Object> so = OtherBenchmarks.summarise("scaleout", s.other.get("scaleout"));
            List<String> names = new ArrayList<>();
            List<Number> rates = new ArrayList<>();
            so.forEach((k, v) -> {
                if (v instanceof Map<?, ?> m && m.get("jobs_per_s") instanceof Number n) {
                    names.add(k.replace("_jvm", k.startsWith("1_") ? " worker JVM" : " worker JVMs"));
                    rates.add(n);
                }
            });
            written.add(Charts.bars(dir, "scaleout.png", "One queue, aggregate jobs/s by worker JVMs (higher is better)",
                    "jobs processed / s", names, rates));
        }
        return written;
    }

    private static void bars(List<Path> written, Summary s, Path dir, String figure, String file, String title, String unit) {
        Double o = s.median(Summary.OURS, figure);
        Double p = s.median(Summary.PEER, figure);
        if (o != null && p != null) {
            written.add(Charts.bars(dir, file, title, unit, List.of("Capstan", "BullMQ"), List.of(o, p)));
        }
    }

    private static Map<String, List<Number>> series(Summary s, List<String> figures) {
        Map<String, List<Number>> series = new LinkedHashMap<>();
        for (String g : List.of(Summary.OURS, Summary.PEER)) {
            List<Number> values = new ArrayList<>();
            figures.forEach(f -> values.add(zero(s.median(g, f))));
            series.put(name(g), values);
        }
        return series;
    }

    private static String name(String group) {
        return switch (group) {
            case Summary.OURS -> "Capstan";
            case Summary.EXACTLY_ONCE -> "Capstan exactly-once";
            default -> "BullMQ";
        };
    }

    private static Number perCore(Double micros) {
        return micros == null || micros == 0 ? 0 : Math.round(1e6 / micros);
    }

    private static Number zero(Double v) {
        return v == null ? 0 : v;
    }
}
