package dev.capstan.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.testsupport.RedisServerProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every command on tiny inputs and checks the last stdout line is JSON with the expected
 * fields. Not a benchmark: nothing here is timed or compared.
 */
class BenchmarkCommandsSmokeTest {
    private static RedisServerProcess redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void throughputDrainsEverythingAndReportsRatesAndMemory() throws Exception {
        JsonNode r = run(0, "throughput", "--redis", redis.url(), "--jobs", "200", "--concurrency", "8",
                "--batch", "50", "--warmup-jobs", "0");
        assertFields(r, "enqueue_per_s", "jobs_per_s", "bytes_per_job");
        assertEquals(200, r.get("handled").asInt());
        assertTrue(r.get("verified").asBoolean());
        assertTrue(r.get("bytes_per_job").asDouble() > 0, "waiting jobs use memory");
    }

    @Test
    void exactlyOnceRunsEveryJobOnceWithItsOwnIdempotencyKey() throws Exception {
        JsonNode r = run(0, "throughput", "--redis", redis.url(), "--jobs", "100", "--concurrency", "8",
                "--batch", "50", "--warmup-jobs", "0", "--exactly-once");
        assertTrue(r.get("exactly_once").asBoolean());
        assertEquals(100, r.get("handled").asInt());
        assertTrue(r.get("verified").asBoolean());
    }

    @Test
    void latencyReportsPercentiles(@TempDir Path charts) throws Exception {
        JsonNode r = run(0, "latency", "--redis", redis.url(), "--rate", "200", "--seconds", "1",
                "--warmup-seconds", "0", "--chart-dir", charts.toString());
        assertFields(r, "p50_ms", "p99_ms", "max_ms");
        assertEquals(200, r.get("recorded").asInt());
        assertTrue(r.get("p50_ms").asDouble() <= r.get("p99_ms").asDouble());
        assertTrue(Files.size(charts.resolve("latency-histogram.png")) > 0);
    }

    @Test
    void scheduledReportsLatenessOfEveryJob() throws Exception {
        JsonNode r = run(0, "scheduled", "--redis", redis.url(), "--jobs", "200", "--spread-seconds", "0.5",
                "--lead-seconds", "0.5", "--concurrency", "8");
        assertFields(r, "p50_ms", "p99_ms", "max_ms", "promoter", "clock_offset_ms");
        assertEquals(200, r.get("handled").asInt());
        assertTrue(r.get("promoter").asText().contains("ScheduledJobPromoter"));
        assertEquals(0, r.get("leftover").get("scheduled").asInt());
        assertEquals(0, r.get("leftover").get("pending").asInt());
    }

    @Test
    void throttleComparesTheAchievedRateWithTheConfiguredOne() throws Exception {
        JsonNode r = run(0, "throttle", "--redis", redis.url(), "--rate", "20", "--burst", "2",
                "--window-seconds", "1", "--warmup-seconds", "0.5");
        assertFields(r, "configured_per_s", "achieved_per_s", "ratio", "limiter_calls_per_job_all",
                "redis_commands_per_job_window");
        assertEquals(20.0, r.get("configured_per_s").asDouble());
        assertTrue(r.get("jobs_in_window").asInt() > 0);
        assertEquals(0, r.get("leftover").get("scheduled").asInt());
    }

    @Test
    void primitivesTimesBothSuitesAndCountsRoundTrips(@TempDir Path charts) throws Exception {
        JsonNode r = run(0, "primitives", "--redis", redis.url(), "--seconds", "0.1", "--warmup-seconds", "0",
                "--rounds", "1", "--threads", "2", "--sample-ops", "10", "--chart-dir", charts.toString());
        List<String> ops = r.get("results").findValuesAsText("op");
        assertTrue(ops.containsAll(List.of("rate-limiter.try-acquire", "lock.lock-unlock", "bloom.add",
                "bloom.contains", "hyperloglog.add", "rate-limiter.gcra", "lock.try-acquire-release",
                "bloom.might-contain", "unique-counter.add", "flags.is-enabled")), ops.toString());
        r.get("results").forEach(op -> assertTrue(op.get("ops_per_s").asLong() > 0, op.toString()));
        for (JsonNode op : r.get("results")) {
            switch (op.get("op").asText()) {
                // One script call each: exactly one command sent per operation.
                case "rate-limiter.gcra", "bloom.add" -> assertEquals(1.0, op.get("round_trips_per_op").asDouble(), op.toString());
                // A cached local read sends nothing.
                case "flags.is-enabled" -> assertEquals(0.0, op.get("round_trips_per_op").asDouble(), op.toString());
                default -> { }
            }
        }
        assertTrue(r.get("ratios").size() >= 8, r.get("ratios").toString());
        assertTrue(Files.size(charts.resolve("primitives-ops-per-s.png")) > 0);
    }

    @Test
    void throughputReportsWhatEachPhaseCost() throws Exception {
        JsonNode r = run(0, "throughput", "--redis", redis.url(), "--jobs", "300", "--concurrency", "8",
                "--batch", "50", "--warmup-jobs", "50");
        assertFields(r, "redis_cpu_us_per_job", "redis_cpu_us_per_job_steady", "client_cpu_us_per_job_steady",
                "client_cpu_us_per_job_total", "redis_calls_per_job", "startup_cpu_ms", "warmup_cpu_ms");
        for (String phase : List.of("enqueue", "enqueue_steady", "drain", "drain_steady")) {
            JsonNode p = r.get("phases").get(phase);
            assertFields(p, "from", "to", "jobs", "wall_s", "client_cpu_ms", "redis_cpu_ms", "redis_calls");
            assertTrue(p.get("jobs").asLong() > 0, phase + ": " + p);
        }
        assertEquals(300, r.get("phases").get("enqueue").get("jobs").asInt());
        // 300 jobs in batches of 50: the steady middle runs from the first batch past 60 jobs (100) to the first past 240 (250).
        assertEquals(150, r.get("phases").get("enqueue_steady").get("jobs").asInt());
        assertTrue(r.get("phases").get("drain").get("redis_calls").asLong() > 0, "the drain ran commands on Redis");
        assertTrue(r.get("client_cpu_us_per_job_total").asDouble() > 0);
    }

    @Test
    void scaleoutRunsEveryJobOnceOverSeveralWorkerJvms() throws Exception {
        JsonNode r = run(0, "scaleout", "--redis", redis.url(), "--workers", "2", "--jobs", "300", "--concurrency", "4",
                "--warmup-jobs", "20");
        assertFields(r, "jobs_per_s", "redis_cpu_us_per_job", "redis_calls_per_job", "client_cpu_us_per_job");
        assertEquals(2, r.get("workers").asInt());
        assertEquals(2, r.get("handled_per_worker").size(), "one count per worker JVM");
        long sum = 0;
        for (JsonNode handled : r.get("handled_per_worker")) {
            sum += handled.asLong();
        }
        assertEquals(300, sum, "the JVMs together ran every job once");
        assertTrue(r.get("verified").asBoolean());
        r.get("leftover").forEach(left -> assertEquals(0, left.asLong(), r.get("leftover").toString()));
    }

    @Test
    void clusterThroughputSpreadsTheQueuesOverTheShardsAndComparesWithOneServer() throws Exception {
        JsonNode r = run(0, "throughput", "--cluster", "--jobs", "600", "--queues", "6", "--concurrency", "8",
                "--batch", "100", "--warmup-jobs", "0");
        assertEquals("cluster", r.get("benchmark").asText());
        assertTrue(r.get("verified").asBoolean());
        assertFields(r, "redis_cpu_ratio_cluster_to_single", "spread", "single", "cluster");
        JsonNode clusterTrial = null;
        for (JsonNode t : r.get("trials")) {
            assertEquals(600, t.get("handled").asInt(), t.toString());
            if ("cluster".equals(t.get("target").asText())) {
                clusterTrial = t;
            }
        }
        assertTrue(clusterTrial != null, "a cluster trial ran");
        assertEquals(3, clusterTrial.get("shards").size());
        for (JsonNode shard : clusterTrial.get("shards")) {
            // Asked of each node: it owns two of the six queues, and ran commands for them.
            assertEquals(2, shard.get("queues").size(), shard.toString());
            assertTrue(shard.get("redis_calls").asLong() > 0, shard.toString());
        }
    }

    @Test
    void countCommandsSplitsTheCommandsAChildSentByPhase() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        JsonNode r = run(0, "count-commands", "--redis", redis.host() + ":" + redis.port(), "--", java, "-cp",
                System.getProperty("java.class.path"), BenchmarkCli.class.getName(), "throughput", "--redis", redis.url(),
                "--jobs", "200", "--concurrency", "8", "--batch", "100", "--warmup-jobs", "0");
        assertTrue(r.get("count_commands").asBoolean());
        JsonNode enqueue = r.get("phases").get("enqueue");
        // Two enqueueAll calls of 100 jobs that run now: one plain LPUSH each, no script (the queue
        // registry SADD comes once, on the first).
        assertEquals(2, enqueue.get("round_trips_by_command").get("lpush").asInt(), enqueue.toString());
        assertFalse(enqueue.get("round_trips_by_command").has("evalsha"), enqueue.toString());
        // The drain's scripts (fetch, ack) run commands of their own, counted apart from those sent.
        assertTrue(r.get("phases").get("drain").get("lua_commands").asInt() >= 2, r.get("phases").get("drain").toString());
        assertTrue(r.get("phases").get("drain").get("round_trips").asInt() > 0);
        assertTrue(r.get("round_trips_per_job").asDouble() > 0);
    }

    @Test
    void chartsSummarisesComparisonLinesWithRatiosAndTargets(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("compare.jsonl");
        Files.write(results, List.of(
                "{\"benchmark\":\"throughput\",\"impl\":\"capstan\",\"jobs\":100,\"concurrency\":5,\"enqueue_per_s\":400,\"jobs_per_s\":300,\"bytes_per_job\":150.0,\"redis_cpu_us_per_job\":4.0,\"client_cpu_us_per_job_steady\":20.0,\"load\":\"0.5 0.4 0.3\"}",
                "{\"benchmark\":\"throughput\",\"impl\":\"bullmq\",\"peer\":\"bullmq\",\"jobs\":100,\"concurrency\":5,\"enqueue_per_s\":100,\"jobs_per_s\":100,\"bytes_per_job\":300.0,\"redis_cpu_us_per_job\":40.0,\"client_cpu_us_per_job_steady\":40.0}",
                "{\"benchmark\":\"throughput\",\"impl\":\"capstan\",\"jobs\":100,\"concurrency\":5,\"enqueue_per_s\":600,\"jobs_per_s\":500,\"bytes_per_job\":150.0,\"redis_cpu_us_per_job\":5.0,\"client_cpu_us_per_job_steady\":20.0}",
                "{\"peer\":\"bullmq\",\"jobs\":100,\"concurrency\":5,\"enqueue_per_s\":200,\"jobs_per_s\":100}",
                "{\"benchmark\":\"throughput\",\"impl\":\"capstan\",\"exactly_once\":true,\"jobs\":100,\"concurrency\":5,\"enqueue_per_s\":200,\"jobs_per_s\":150,\"bytes_per_job\":150.0}",
                "{\"benchmark\":\"throughput\",\"impl\":\"capstan\",\"exactly_once\":true,\"count_commands\":true,\"jobs\":100,\"phases\":{\"drain\":{\"round_trips_per_job\":1.5}}}",
                "{\"benchmark\":\"scheduled\",\"warmup_jobs\":0,\"p50_ms\":2.0,\"p99_ms\":10.0,\"max_ms\":60.0,\"verified\":true}",
                "{\"benchmark\":\"scheduled\",\"warmup_jobs\":0,\"aot_cache\":true,\"p50_ms\":1.0,\"p99_ms\":8.0,\"max_ms\":30.0,\"verified\":true}",
                "{\"benchmark\":\"scaleout\",\"workers\":1,\"jobs_per_s\":1000,\"verified\":true}",
                "{\"benchmark\":\"scaleout\",\"workers\":3,\"jobs_per_s\":1200,\"verified\":true}"));
        JsonNode r = run(0, "charts", "--results", results.toString(), "--out", dir.toString());
        // Per-round ratios 400/100 and 600/200: median 3.5 (the ratio of the medians would be 500/150).
        assertEquals(3.5, r.get("enqueue_per_s").get("ratio").asDouble());
        assertEquals(4.0, r.get("jobs_per_s").get("ratio").asDouble());
        assertEquals(0.5, r.get("bytes_per_job").get("ratio").asDouble(), "the peer's bytes come from its first run");
        assertEquals(0.5, r.get("exactly_once").get("jobs_per_s").get("ratio").asDouble(), "exactly-once runs kept apart");
        assertEquals(1.2, r.get("scaleout").get("3_jvm").get("ratio_to_1_jvm").asDouble());
        Map<String, JsonNode> targets = new java.util.HashMap<>();
        r.get("targets").forEach(t -> targets.put(t.get("figure").asText(), t));
        assertTrue(targets.get("processing jobs/s, one worker JVM, ours/BullMQ").get("met").asBoolean());
        assertFalse(targets.get("batched enqueue jobs/s, ours/BullMQ").get("met").asBoolean());
        assertTrue(targets.get("exactly-once commands sent per job (processing)").get("met").asBoolean());
        assertFalse(targets.get("delayed-job lateness, cold worker, max ms").get("met").asBoolean());
        // Runs with the JDK's AOT cache are summarised apart from plain cold runs.
        assertTrue(targets.get("delayed-job lateness, cold worker with JDK AOT cache, max ms").get("met").asBoolean());
        assertEquals(1, r.get("scheduled").get("cold").get("runs").asInt());
        assertTrue(targets.get("3 worker JVMs aggregate / 1 JVM").get("met").asBoolean());
        for (String png : List.of("jobs-per-s.png", "cpu-per-job.png", "jobs-per-core.png", "client-cpu-by-phase.png",
                "scaleout.png")) {
            assertTrue(Files.exists(dir.resolve(png)), png);
        }
    }

    /** Runs the CLI in-process and parses the last line it printed on stdout. */
    private static JsonNode run(int expectedExit, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = BenchmarkCli.newCommandLine().execute(args);
        } finally {
            System.setOut(old);
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertEquals(expectedExit, code, "exit code; output: " + String.join("\n", lines));
        return Progress.json().readTree(lines[lines.length - 1]);
    }

    private static void assertFields(JsonNode r, String... fields) {
        for (String f : fields) {
            assertTrue(r.has(f), "missing field " + f + " in " + r);
        }
    }
}
