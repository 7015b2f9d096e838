package dev.capstan.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headline cost figures of a throughput run, from its phases (see {@link CostMeter}); the node
 * driver for the peer ({@code bullmq-bench.mjs}) writes the same fields, so both are summarised alike.
 *
 * <ul>
 *   <li>{@code redis_cpu_us_per_job}: Redis CPU over the enqueue and drain phases, per job: one
 *       job's whole life on the server.</li>
 *   <li>{@code redis_cpu_us_per_job_steady}, {@code client_cpu_us_per_job_steady}: the same from the
 *       steady middles of both phases (20 % to 80 % of the jobs): no process start, no JIT warm-up,
 *       no worker start.</li>
 *   <li>{@code client_cpu_us_per_job_total}: the client process's CPU from its start to the end of
 *       the drain, per measured job: start-up and warm-up included.</li>
 *   <li>{@code startup_cpu_ms}: the client process's CPU before its first job (runtime start, class
 *       or module loading, connecting); {@code warmup_cpu_ms}: its untimed warm-up jobs.</li>
 *   <li>{@code redis_calls_per_job}: Redis commands per job over the enqueue and drain phases
 *       ({@code INFO commandstats}: a script counts once plus every command it runs).</li>
 * </ul>
 */
final class Costs {
    private Costs() {}

    static Map<String, Object> headline(Map<String, Map<String, Object>> phases, long jobs, double totalCpuMs,
                                        Map<String, Object> startup, Map<String, Object> warmup) {
        Map<String, Object> enqueue = phases.get("enqueue");
        Map<String, Object> drain = phases.get("drain");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("redis_cpu_us_per_job", Progress.round(
                (num(enqueue, "redis_cpu_ms") + num(drain, "redis_cpu_ms")) * 1000 / jobs, 2));
        out.put("redis_cpu_us_per_job_steady", Progress.round(
                num(phases.get("enqueue_steady"), "redis_cpu_us_per_job") + num(phases.get("drain_steady"), "redis_cpu_us_per_job"), 2));
        out.put("client_cpu_us_per_job_steady", Progress.round(
                num(phases.get("enqueue_steady"), "client_cpu_us_per_job") + num(phases.get("drain_steady"), "client_cpu_us_per_job"), 2));
        out.put("client_cpu_us_per_job_total", Progress.round(totalCpuMs * 1000 / jobs, 2));
        out.put("redis_calls_per_job", Progress.round(
                (num(enqueue, "redis_calls") + num(drain, "redis_calls")) / jobs, 3));
        out.put("startup_cpu_ms", startup.get("client_cpu_ms"));
        out.put("startup_s", startup.get("wall_s"));
        out.put("warmup_cpu_ms", warmup == null ? 0.0 : warmup.get("client_cpu_ms"));
        return out;
    }

    private static double num(Map<String, Object> phase, String field) {
        Object v = phase == null ? null : phase.get(field);
        return v instanceof Number n ? n.doubleValue() : 0;
    }
}
