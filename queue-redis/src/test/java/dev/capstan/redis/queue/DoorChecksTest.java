package dev.capstan.redis.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.EnqueueResult;
import dev.capstan.api.Job;
import dev.capstan.api.JobError;
import dev.capstan.api.JobRequest;
import dev.capstan.api.JobView;
import dev.capstan.api.RetryPolicy;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input is refused at the door with a clear message and nothing written, or, when it is
 * already in Redis, ends in the dead set as undecodable instead of running (issue 11).
 */
@ExtendWith(RedisExtension.class)
class DoorChecksTest {

    private static IllegalArgumentException refused(RedisTestContext ctx, Executable enqueue, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, enqueue);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(0, ctx.keys().size(), "nothing was written: " + ctx.keys());
        return e;
    }

    @Test
    void aHandlersHugeExceptionMessageIsTrimmedBeforeItIsStored(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        q.client.enqueue(JobRequest.of("boom", Map.of("n", 1)).maxAttempts(2));
        q.client.enqueue(JobRequest.of("boom", Map.of("n", 2)).maxAttempts(1));
        List<FetchedJob> fetched = q.fetcher("default", "w1").fetch(2, Duration.ZERO);
        assertEquals(2, fetched.size());
        String fiveMegabytes = "m".repeat(5 * 1024 * 1024);
        for (FetchedJob job : fetched) {
            q.settler.fail(job, new IllegalStateException(fiveMegabytes), RetryPolicy.fixed(Duration.ofHours(1)));
        }
        // One became a retry in the scheduled set, the other (out of attempts) dead: both stored small.
        String retry = q.redis.zrange(q.keys("default").scheduled(), 0, -1).get(0);
        String dead = q.redis.zrange(q.keys("default").dead(), 0, -1).get(0);
        for (String element : List.of(retry, dead)) {
            int bytes = element.getBytes(StandardCharsets.UTF_8).length;
            assertTrue(bytes < 32 * 1024, "stored element is " + bytes + " bytes");
            JobError error = q.codec.decode(element).lastError();
            assertTrue(error.message().startsWith("mmmm"), error.message().substring(0, 20));
            assertTrue(error.message().endsWith("more characters cut)"), error.message().substring(error.message().length() - 60));
            assertTrue(error.message().length() <= JobError.MAX_MESSAGE_CHARS + 64);
        }
    }

    @Test
    void argumentsThatCouldNotBeReadBackAreRefusedAtEnqueue(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        BigInteger huge = new BigInteger("9".repeat(5_000));
        refused(ctx, () -> q.client.enqueue("big-number", Map.of("n", huge)), "could not be read back");
        refused(ctx, () -> q.client.enqueueAll(List.of(JobRequest.of("ok", Map.of()),
                JobRequest.of("long-name", Map.of("k".repeat(60_000), 1)))), "could not be read back");
        // A long number that Jackson does read (1,000 digits is its limit) still goes through, and reads back.
        BigInteger largest = new BigInteger("9".repeat(1_000));
        String id = q.client.enqueue("big-number", Map.of("n", largest)).jobId();
        Job job = q.fetcher("default", "w1").fetch(1, Duration.ZERO).get(0).job();
        assertEquals(id, job.id());
        assertEquals(largest, q.codec.decodeArgs(job.args(), Numbers.class).n());
    }

    record Numbers(BigInteger n) {}

    @Test
    void runAtAndRunInOutOfRangeGetAClearRangeError(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        refused(ctx, () -> q.client.enqueue(JobRequest.of("t", Map.of()).runAt(Instant.MAX)), "out of range");
        refused(ctx, () -> q.client.enqueue(JobRequest.of("t", Map.of()).runAt(Instant.MIN)), "out of range");
        refused(ctx, () -> q.client.enqueueAt(JobRequest.of("t", Map.of()), Instant.parse("+10000-01-01T00:00:00Z")), "out of range");
        refused(ctx, () -> q.client.enqueueIn(JobRequest.of("t", Map.of()), Duration.ofSeconds(Long.MAX_VALUE)), "out of range");
        refused(ctx, () -> q.client.enqueue(JobRequest.of("t", Map.of()).runIn(Duration.ofSeconds(Long.MIN_VALUE))), "out of range");
        // The edges of the range work: a job at the end of year 9999 sits in the scheduled set.
        EnqueueResult far = q.client.enqueue(JobRequest.of("t", Map.of()).runAt(JobRequest.LATEST_RUN_AT));
        assertEquals(EnqueueResult.Outcome.SCHEDULED, far.outcome());
        assertEquals((double) JobRequest.LATEST_RUN_AT.toEpochMilli(), q.redis.zscore(q.keys("default").scheduled(),
                q.redis.zrange(q.keys("default").scheduled(), 0, 0).get(0)));
        assertEquals(EnqueueResult.Outcome.ENQUEUED, q.client.enqueue(JobRequest.of("t", Map.of()).runIn(Duration.ofSeconds(-5))).outcome());
    }

    @Test
    void aZeroOrNegativeDedupTtlIsRefused(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        for (Duration ttl : List.of(Duration.ZERO, Duration.ofSeconds(-1), Duration.ofNanos(999_999))) {
            refused(ctx, () -> q.client.enqueue(JobRequest.of("t", Map.of()).dedupKey("k", ttl)), "dedup ttl");
        }
        refused(ctx, () -> q.client.enqueue(JobRequest.of("t", Map.of()).dedupKey("k", Duration.ofDays(40_000))), "dedup ttl");
        String first = q.client.enqueue(JobRequest.of("t", Map.of()).dedupKey("k", Duration.ofMillis(1))).jobId();
        assertFalse(first.isEmpty());
    }

    @Test
    void loneSurrogatesAreRefusedInTypesAndKeysAndKeptExactlyInArguments(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        refused(ctx, () -> q.client.enqueue("x\uD800y", Map.of()), "lone UTF-16 surrogate at index 1");
        refused(ctx, () -> q.client.enqueue("x\uDC00", Map.of()), "lone UTF-16 surrogate");
        refused(ctx, () -> q.client.enqueue(JobRequest.of("t", Map.of()).idempotencyKey("k\uDFFF")), "lone UTF-16 surrogate");
        refused(ctx, () -> q.client.enqueue(JobRequest.of("t", Map.of()).dedupKey("\uD800", null)), "lone UTF-16 surrogate");
        refused(ctx, () -> q.client.enqueue(JobRequest.of("t", Map.of()).metadata("who", "\uD83D")), "lone UTF-16 surrogate");
        refused(ctx, () -> q.client.enqueue("line\nbreak", Map.of()), "control characters");
        // In arguments such text is written as a JSON escape: it comes back exactly, not as '?'.
        String id = q.client.enqueue("send-\uD83D\uDE00", new Text("a\uD800 and \uD83D\uDE00")).jobId();
        Job job = q.fetcher("default", "w1").fetch(1, Duration.ZERO).get(0).job();
        assertEquals(id, job.id());
        assertEquals("send-\uD83D\uDE00", job.type(), "a proper pair (an emoji) is a valid type");
        assertEquals("a\uD800 and \uD83D\uDE00", q.codec.decodeArgs(job.args(), Text.class).text());
        // Long arguments take the other path (one scan for read limits and surrogates): the same result.
        String longText = "y".repeat(3_000) + "\uDC00" + "z".repeat(3_000);
        q.client.enqueue("t", new Text(longText));
        Job longJob = q.fetcher("default", "w1").fetch(1, Duration.ZERO).get(0).job();
        assertEquals(longText, q.codec.decodeArgs(longJob.args(), Text.class).text());
    }

    record Text(String text) {}

    @Test
    void anElementWithAWrongTypedFieldOrTrailingTextIsDeadLetteredNotRun(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        String pending = q.keys("default").pending();
        String good = q.client.enqueue("ok", Map.of("n", 1)).jobId();
        String valid = "{\"id\":\"j-1\",\"type\":\"ok\",\"queue\":\"default\",\"args\":{},\"maxAttempts\":3,\"createdAt\":1}";
        List<String> bad = List.of(
                valid.replace("\"maxAttempts\":3", "\"attempt\":\"abc\",\"maxAttempts\":3"),
                valid + "{\"id\":\"j-2\"}",
                valid + " trailing",
                valid.replace("\"createdAt\":1", "\"createdAt\":1.5"),
                valid.replace("\"maxAttempts\":3", "\"maxAttempts\":99999999999"),
                valid.replace("\"id\":\"j-1\"", "\"id\":17"));
        bad.forEach(element -> q.redis.lpush(pending, element));

        ReliableFetcher fetcher = q.fetcher("default", "w1");
        List<FetchedJob> run = fetcher.fetch(10, Duration.ZERO);
        assertEquals(List.of(good), run.stream().map(j -> j.job().id()).toList(), "only the good job is handed out to run");
        q.settler.ack(run);

        List<JobView> dead = q.admin.dead("default", 0, 10).items();
        assertEquals(bad.size(), dead.size());
        List<String> reasons = dead.stream().map(v -> v.job().lastError().message()).toList();
        assertTrue(reasons.stream().anyMatch(r -> r.contains("'attempt' must be a whole number")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.contains("text after its JSON object")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.contains("not valid JSON")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.contains("'createdAt' must be a whole number")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.contains("'maxAttempts' must be a whole number (int)")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.contains("'id' must be a string")), reasons.toString());
        // Each dead wrapper holds the original text untouched.
        for (String element : bad) {
            assertTrue(dead.stream().anyMatch(v -> v.job().args().contains(element.replace("\"", "\\\""))), element);
        }
    }
}
