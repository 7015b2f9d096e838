package dev.capstan.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The plain reader must never disagree with Jackson's reading: for every element it reads, Jackson
 * reads the same job; for everything else it steps aside. Checked on encoded jobs of many shapes and
 * on tens of thousands of broken variants of them.
 */
class PlainEnvelopeReaderTest {
    private final JacksonJobCodec codec = new JacksonJobCodec();

    record Args(int userId, String template, List<Object> tags) {}

    @Test
    void readsEveryJobTheEncoderWritesWithoutEscapesAsJacksonDoes() {
        for (Job job : jobs(new Random(15))) {
            String element = codec.encode(job);
            Job plain = PlainEnvelopeReader.read(element);
            assertNotNull(plain, element);
            assertEquals(job, plain, element);
            assertEquals(codec.readWithJackson(element), plain, element);
        }
    }

    @Test
    void brokenElementsAreEitherReadAlikeOrLeftToJackson() {
        Random random = new Random(42);
        String alphabet = "{}[]\":,\\ae0-19.+E \n\tutfnl\u0001é";
        int readPlain = 0;
        int mutants = 0;
        for (Job job : jobs(new Random(7))) {
            String element = codec.encode(job);
            for (int m = 0; m < 120; m++) {
                StringBuilder b = new StringBuilder(element);
                int edits = 1 + random.nextInt(2);
                for (int e = 0; e < edits && b.length() > 0; e++) {
                    int at = random.nextInt(b.length());
                    char c = alphabet.charAt(random.nextInt(alphabet.length()));
                    switch (random.nextInt(5)) {
                        case 0 -> b.deleteCharAt(at);
                        case 1 -> b.insert(at, c);
                        case 2 -> b.setCharAt(at, c);
                        case 3 -> b.setLength(at);
                        default -> b.append(c);
                    }
                }
                String mutant = b.toString();
                mutants++;
                Job plain = PlainEnvelopeReader.read(mutant);
                if (plain == null) {
                    continue;
                }
                readPlain++;
                try {
                    assertEquals(codec.readWithJackson(mutant), plain, mutant);
                } catch (JobDecodeException | IllegalArgumentException | NullPointerException e) {
                    fail("read as plain, but Jackson refuses it (" + e.getMessage() + "): " + mutant);
                }
            }
        }
        assertTrue(mutants > 20_000, "mutants: " + mutants);
        assertTrue(readPlain > 100, "some mutants are still valid jobs (e.g. a changed digit): " + readPlain);
    }

    @Test
    void stepsAsideForWhatOnlyJacksonShouldJudge() {
        String valid = "{\"id\":\"j-1\",\"type\":\"ok\",\"queue\":\"default\",\"args\":{},\"maxAttempts\":3,\"createdAt\":1}";
        assertNotNull(PlainEnvelopeReader.read(valid));
        for (String element : List.of(
                valid.replace("\"maxAttempts\":3", "\"attempt\":\"abc\",\"maxAttempts\":3"),
                valid + "{\"id\":\"j-2\"}",
                valid + " trailing",
                valid.replace("\"createdAt\":1", "\"createdAt\":1.5"),
                valid.replace("\"createdAt\":1", "\"createdAt\":-1"),
                valid.replace("\"createdAt\":1", "\"createdAt\":01"),
                valid.replace("\"maxAttempts\":3", "\"maxAttempts\":99999999999"),
                valid.replace("\"id\":\"j-1\"", "\"id\":17"),
                valid.replace("\"id\":\"j-1\"", "\"id\":null"),
                valid.replace("\"id\":\"j-1\"", "\"id\":\"\""),
                valid.replace("\"id\":\"j-1\"", "\"id\":\"a\\\"b\""),
                valid.replace("\"type\":\"ok\",", ""),
                valid.replace("\"args\":{},", ""),
                valid.replace("\"args\":{}", "\"args\": {}"),
                valid.replace("\"args\":{}", "\"args\":{\"a\":tru}"),
                valid.replace("\"args\":{}", "\"args\":{\"a\":01}"),
                valid.replace("\"args\":{}", "\"args\":{\"a\":1,}"),
                valid.replace("\"args\":{}", "\"args\":[1 2]"),
                valid.replace("\"args\":{}", "\"args\":\"tab\there\""),
                valid.replace("\"args\":{}", "\"args\":\"" + "x".repeat(PlainEnvelopeReader.MAX_ARGS) + "\""),
                valid.replace("\"args\":{}", "\"args\":" + "[".repeat(100) + "]".repeat(100)),
                valid.replace("\"createdAt\":1", "\"createdAt\":1,\"future\":true"),
                valid.replace("\"createdAt\":1", "\"createdAt\":1,\"meta\":{\"k\":null}"),
                valid.replace("\"createdAt\":1", "\"createdAt\":1,\"error\":{\"at\":1}"),
                valid.replace(",", ", "),
                "{}", "[1]", "", "{oops")) {
            assertNull(PlainEnvelopeReader.read(element), element);
        }
    }

    @Test
    void readsArgumentsOfEveryJsonShapeExactly() {
        for (String args : List.of("null", "true", "false", "0", "-0", "-12.5e+3", "1E9", "\"text with } brace\"",
                "\"esc \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9\"", "[]", "{}", "[1,{\"a\":[2]}]",
                "{ \"spaced\" : [ 1 , 2 ] }", "{\"nested\":{\"deep\":[[[{}]]]}}")) {
            String element = "{\"id\":\"i\",\"type\":\"t\",\"queue\":\"q\",\"args\":" + args + ",\"createdAt\":5}";
            Job plain = PlainEnvelopeReader.read(element);
            assertNotNull(plain, element);
            assertEquals(args, plain.args());
            assertEquals(codec.readWithJackson(element), plain);
        }
    }

    @Test
    void olderElementsWithEveryFieldWrittenDecodeToTheSameJob() {
        // As the codec wrote them before maxAttempts and enqueuedAt were left out at their defaults.
        String old = "{\"id\":\"0mx7f8ni6zigxiiy8svd\",\"type\":\"noop\",\"queue\":\"bench\",\"args\":{\"userId\":1},"
                + "\"maxAttempts\":25,\"createdAt\":1796294288420,\"enqueuedAt\":1796294288420}";
        Job job = codec.decode(old);
        assertEquals(25, job.maxAttempts());
        assertEquals(1796294288420L, job.enqueuedAt());
        assertEquals(job, codec.readWithJackson(old));
        assertEquals(job, codec.decode(codec.encode(job)));
        String oldScheduled = "{\"id\":\"s\",\"type\":\"t\",\"queue\":\"q\",\"args\":{},\"maxAttempts\":25,\"createdAt\":7,\"runAt\":90}";
        assertEquals(0, codec.decode(oldScheduled).enqueuedAt());
    }

    @Test
    void anImmediateJobIsStoredWithoutItsDefaults() {
        long now = 1796294288420L;
        Job job = new Job("0mx7f8ni6zigxiiy8svd", "noop", "bench-throughput", "{\"userId\":12345,\"template\":\"welcome\"}",
                0, Job.DEFAULT_MAX_ATTEMPTS, now, now, 0, null, null, Map.of(), 0, null);
        String element = codec.encode(job);
        assertEquals("{\"id\":\"0mx7f8ni6zigxiiy8svd\",\"type\":\"noop\",\"queue\":\"bench-throughput\","
                + "\"args\":{\"userId\":12345,\"template\":\"welcome\"},\"createdAt\":1796294288420}", element);
        assertEquals(job, codec.decode(element));
        assertFalse(element.contains("enqueuedAt") || element.contains("maxAttempts"));
    }

    /** Jobs of many shapes: scheduled or not, retried, recovered, keyed, with metadata, odd run-at and enqueued-at pairs. */
    private List<Job> jobs(Random random) {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String args = switch (i % 5) {
                case 0 -> codec.encodeArgs(new Args(random.nextInt(100_000), "welcome", List.of("a", 1, 2.5, true)));
                case 1 -> codec.encodeArgs(Map.of("n", random.nextInt()));
                case 2 -> "null";
                case 3 -> codec.encodeArgs(List.of(Map.of("x", List.of()), -3, "s"));
                default -> codec.encodeArgs("plain text " + i);
            };
            long created = 1_700_000_000_000L + random.nextInt(1_000_000);
            long runAt = i % 3 == 0 ? created + 5_000 : 0;
            long enqueued = switch (i % 4) {
                case 0 -> runAt == 0 ? created : 0;
                case 1 -> created + 17;
                case 2 -> 0;
                default -> created;
            };
            Map<String, String> meta = new LinkedHashMap<>();
            if (i % 4 == 1) {
                meta.put("traceparent", "00-" + Long.toHexString(random.nextLong()) + "-01");
                meta.put("tenant", "t" + i);
            }
            jobs.add(new Job(JobIds.next(), "type-" + (i % 7), "queue-" + (i % 3), args, i % 6, i % 2 == 0 ? 25 : 1 + i % 9,
                    created, enqueued, runAt, i % 5 == 2 ? "key-" + i : null, i % 7 == 3 ? "dedup-" + i : null, meta,
                    i % 8 == 5 ? 2 : 0, null));
        }
        return jobs;
    }
}
