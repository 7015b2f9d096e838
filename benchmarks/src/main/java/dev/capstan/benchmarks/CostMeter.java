package dev.capstan.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * What a stretch of work cost: wall time, this process's CPU time (every thread: job threads, JIT
 * compilers, GC), and each Redis server's CPU time ({@code INFO cpu} used_cpu_user + used_cpu_sys)
 * and commands ({@code INFO commandstats} calls, which count the commands Lua scripts run as well).
 *
 * <p>A {@link Mark} is taken at each phase boundary; a phase is the difference between two marks.
 * Each mark also sends {@code ECHO capstan-phase:NAME} first, so that a {@code MONITOR} of the same
 * server ({@link CommandCounter}) can split the commands it sees at the same points. The meter reads
 * Redis over connections of its own (not the pool under test); its few INFO calls are left out of
 * the command counts.
 */
final class CostMeter implements AutoCloseable {
    static final String MARKER_PREFIX = "capstan-phase:";
    private final List<Jedis> nodes = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    CostMeter(List<HostAndPort> servers) {
        for (HostAndPort server : servers) {
            nodes.add(new Jedis(server.getHost(), server.getPort()));
            names.add(server.toString());
        }
    }

    static CostMeter of(RedisOption.RedisTarget target) {
        return new CostMeter(List.of(new HostAndPort(target.host(), target.port())));
    }

    /** The CPU time this JVM has used since it started, in ns. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * The kernel's share of this process's CPU so far (stime of {@code /proc/self/stat}, in ms; 10 ms
     * ticks), or -1 where there is no such file: system calls (socket reads and writes, futex waits
     * and wake-ups between threads) that a Java profiler does not see.
     */
    static long processSystemCpuMillis() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[12]) * 10; // field 15 (stime), in USER_HZ = 100 ticks per second
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU time so far (ms, 10 ms ticks) of this process's live threads, summed by thread name with
     * digits dropped ("ForkJoinPool-1-worker-#" are the carriers of the virtual job threads, "C2
     * CompilerThread#" the JIT, "GC Thread#" the collector), from {@code /proc/self/task/}; empty where
     * there is no such directory. Threads that ended between two marks are missing from the second.
     */
    static Map<String, Long> threadCpuMillis() {
        Map<String, Long> byName = new java.util.TreeMap<>();
        try (java.util.stream.Stream<java.nio.file.Path> tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = java.nio.file.Files.readString(task.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    byName.merge(comm, (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10, Long::sum);
                } catch (java.io.IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            });
        } catch (java.io.IOException | RuntimeException e) {
            return Map.of();
        }
        return byName;
    }

    /** A snapshot at a phase boundary, after {@code jobs} jobs of the phase's kind were done. */
    Mark mark(String name, long jobs) {
        Map<String, Long> threads = threadCpuMillis();
        long sys = processSystemCpuMillis();
        long cpu = processCpuNanos();
        long now = System.nanoTime();
        double[] redisCpu = new double[nodes.size()];
        long[] calls = new long[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            Jedis node = nodes.get(i);
            node.echo(MARKER_PREFIX + name);
            redisCpu[i] = redisCpuSeconds(node.info("cpu"));
            calls[i] = commandCalls(node.info("commandstats"));
        }
        return new Mark(name, now, cpu, sys, threads, redisCpu, calls, jobs);
    }

    /**
     * The cost of the phase between two marks: jobs done, wall seconds, client and Redis CPU, Redis
     * commands, and the same per job (µs, commands). {@code from}/{@code to} name the marks, so that a
     * command count taken with {@link CommandCounter} can be matched to the phase.
     */
    Map<String, Object> phase(Mark from, Mark to) {
        long jobs = to.jobs() - from.jobs();
        double clientMs = (to.cpuNanos() - from.cpuNanos()) / 1e6;
        double redisMs = 0;
        long calls = 0;
        List<Map<String, Object>> perNode = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            double nodeMs = (to.redisCpuSeconds()[i] - from.redisCpuSeconds()[i]) * 1000;
            long nodeCalls = to.redisCalls()[i] - from.redisCalls()[i];
            redisMs += nodeMs;
            calls += nodeCalls;
            if (nodes.size() > 1) {
                Map<String, Object> n = new LinkedHashMap<>();
                n.put("node", names.get(i));
                n.put("redis_cpu_ms", Progress.round(nodeMs, 1));
                n.put("redis_calls", nodeCalls);
                perNode.add(n);
            }
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("from", from.name());
        p.put("to", to.name());
        p.put("jobs", jobs);
        p.put("wall_s", Progress.round((to.nanos() - from.nanos()) / 1e9, 3));
        p.put("client_cpu_ms", Progress.round(clientMs, 1));
        if (from.sysMillis() >= 0 && to.sysMillis() >= 0) {
            p.put("client_sys_cpu_ms", to.sysMillis() - from.sysMillis());
        }
        p.put("redis_cpu_ms", Progress.round(redisMs, 1));
        p.put("redis_calls", calls);
        if (jobs > 0) {
            p.put("client_cpu_us_per_job", Progress.round(clientMs * 1000 / jobs, 2));
            p.put("redis_cpu_us_per_job", Progress.round(redisMs * 1000 / jobs, 2));
            p.put("redis_calls_per_job", Progress.round(calls / (double) jobs, 3));
        }
        if (!perNode.isEmpty()) {
            p.put("nodes", perNode);
        }
        Map<String, Long> threads = new LinkedHashMap<>();
        to.threadMillis().forEach((thread, ms) -> {
            long d = ms - from.threadMillis().getOrDefault(thread, 0L);
            if (d > 0) {
                threads.put(thread, d);
            }
        });
        if (!threads.isEmpty()) {
            p.put("client_cpu_ms_by_thread", threads);
        }
        return p;
    }

    /** Start-up: from JVM start to now (JVM boot, class loading, connecting), before any job. */
    static Map<String, Object> startup() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("wall_s", Progress.round(ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0, 3));
        p.put("client_cpu_ms", Progress.round(processCpuNanos() / 1e6, 1));
        return p;
    }

    static double redisCpuSeconds(String info) {
        double total = 0;
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
                total += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return total;
    }

    /** Sum of calls in {@code INFO commandstats}, without INFO and ECHO (the meter's own). */
    static long commandCalls(String info) {
        long total = 0;
        for (String line : info.split("\r?\n")) {
            if (!line.startsWith("cmdstat_") || line.startsWith("cmdstat_info:") || line.startsWith("cmdstat_echo:")) {
                continue;
            }
            int from = line.indexOf("calls=") + "calls=".length();
            int to = line.indexOf(',', from);
            total += Long.parseLong(line.substring(from, to < 0 ? line.length() : to));
        }
        return total;
    }

    @Override
    public void close() {
        nodes.forEach(Jedis::close);
    }

    /** One snapshot: wall clock, process CPU, and per Redis node its CPU seconds and command calls. */
    record Mark(String name, long nanos, long cpuNanos, long sysMillis, Map<String, Long> threadMillis, double[] redisCpuSeconds, long[] redisCalls, long jobs) {}
}
