package dev.capstan.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.testsupport.RedisServerProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The shortener benchmark on tiny inputs: one JSON line with its figures, every click counted. Nothing is timed. */
class ShortenerCommandSmokeTest {

    @Test
    void reportsRedirectRatesMemoryAndCountsEveryClick() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream old = System.out;
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            int code;
            try {
                code = BenchmarkCli.newCommandLine().execute("shortener", "--redis", redis.url(), "--links", "200",
                        "--connections", "2", "--seconds", "0.3", "--warmup-seconds", "0.2", "--rounds", "1");
            } finally {
                System.setOut(old);
            }
            String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
            assertEquals(0, code, String.join("\n", lines));
            JsonNode r = Progress.json().readTree(lines[lines.length - 1]);
            assertTrue(r.get("verified").asBoolean(), r.toString());
            assertTrue(r.get("redirects_per_s").asLong() > 0 && r.get("baseline_per_s").asLong() > 0, r.toString());
            assertTrue(r.get("bytes_per_link").asDouble() > 0 && r.get("bytes_per_expiring_link").asDouble() > 0, r.toString());
            assertEquals(r.get("clicks_served").asLong(), r.get("clicks_counted").asLong());
            assertEquals(1.0, r.get("client_commands_per_redirect").asDouble(), 0.05, "one script call per redirect: " + r);
        }
    }
}
