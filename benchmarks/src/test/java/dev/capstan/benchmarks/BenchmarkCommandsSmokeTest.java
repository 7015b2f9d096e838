package dev.capstan.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.testsupport.RedisServerProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    void chartsSummarisesComparisonLinesWithRatios(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("compare.jsonl");
        Files.write(results, List.of(
                "{\"benchmark\":\"throughput\",\"impl\":\"capstan\",\"jobs\":100,\"concurrency\":5,\"enqueue_per_s\":400,\"jobs_per_s\":300,\"bytes_per_job\":150.0}",
                "{\"peer\":\"bullmq\",\"jobs\":100,\"concurrency\":5,\"enqueue_per_s\":100,\"jobs_per_s\":100}",
                "{\"benchmark\":\"memory\",\"impl\":\"bullmq\",\"jobs\":100,\"bytes_per_job\":300.0}",
                "{\"benchmark\":\"throughput\",\"impl\":\"capstan\",\"exactly_once\":true,\"jobs\":100,\"concurrency\":5,\"enqueue_per_s\":200,\"jobs_per_s\":150,\"bytes_per_job\":150.0}"));
        JsonNode r = run(0, "charts", "--results", results.toString(), "--out", dir.toString());
        assertEquals(4.0, r.get("enqueue_per_s").get("ratio").asDouble());
        assertEquals(3.0, r.get("jobs_per_s").get("ratio").asDouble());
        assertEquals(0.5, r.get("bytes_per_job").get("ratio").asDouble());
        assertEquals(0.5, r.get("exactly_once").get("jobs_per_s").get("ratio").asDouble(), "exactly-once runs kept apart");
        assertTrue(Files.exists(dir.resolve("jobs-per-s.png")));
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
