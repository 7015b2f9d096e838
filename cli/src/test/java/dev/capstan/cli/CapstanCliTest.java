package dev.capstan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.JacksonJobCodec;
import dev.capstan.api.JobError;
import dev.capstan.api.JobRequest;
import dev.capstan.api.JobState;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.flags.FeatureFlags;
import dev.capstan.redis.gates.JobGates;
import dev.capstan.redis.queue.FetchedJob;
import dev.capstan.redis.queue.JobSettler;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.redis.queue.ReliableFetcher;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** Runs the capstan command against a real Redis and checks what it prints and what it changes. */
@ExtendWith(RedisExtension.class)
class CapstanCliTest {

    record Result(int exit, String out, String err) {}

    private Result run(RedisTestContext ctx, String... args) {
        CommandLine cli = CapstanCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("--redis", ctx.url(), "--namespace", ctx.namespace()));
        all.addAll(List.of(args));
        int exit = cli.execute(all.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }

    private static CapstanRedis capstan(RedisTestContext ctx) {
        return new CapstanRedis(ctx.newClient(), QueueSettings.defaults(new Namespace(ctx.namespace())), new JacksonJobCodec());
    }

    @Test
    void enqueuesFromJsonAndListsQueuesWithTheirSizes(RedisTestContext ctx) {
        Result enqueued = run(ctx, "enqueue", "--type", "send-welcome-email", "--queue", "mail",
                "--args", "{\"userId\":42,\"email\":\"ada@example.com\"}");
        assertEquals(0, enqueued.exit(), enqueued.err());
        String id = enqueued.out().trim().split(" ")[0];
        assertTrue(enqueued.out().trim().endsWith("enqueued"), enqueued.out());
        assertEquals("{\"userId\":42,\"email\":\"ada@example.com\"}", capstan(ctx).admin().find(id).orElseThrow().job().args());

        Result later = run(ctx, "enqueue", "--type", "report", "--queue", "mail", "--in", "10m");
        assertTrue(later.out().trim().endsWith("scheduled"), later.out());

        Result queues = run(ctx, "queues");
        assertEquals(0, queues.exit(), queues.err());
        String line = queues.out().lines().filter(l -> l.startsWith("mail ")).findFirst().orElseThrow();
        assertEquals(List.of("mail", "1", "1", "active"), pick(line, 0, 1, 4, 6), queues.out()); // waiting 1, scheduled 1
    }

    @Test
    void refusesInvalidJsonAndNothingIsWritten(RedisTestContext ctx) {
        Result bad = run(ctx, "enqueue", "--type", "t", "--args", "{not json");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("not valid JSON"), bad.err());
        assertTrue(capstan(ctx).admin().queues().isEmpty());
    }

    @Test
    void showsAJobAndRetriesDeadJobs(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        String id = capstan.client().enqueue(JobRequest.of("charge", Map.of("order", "o-7"))).jobId();
        // Fail it into the dead set the way a worker does: fetch, then settle as dead.
        ReliableFetcher fetcher = new ReliableFetcher(capstan.broker(), capstan.codec(), "default", "cli-test-worker");
        FetchedJob fetched = fetcher.fetch(1, java.time.Duration.ofSeconds(1)).get(0);
        new JobSettler(capstan.broker(), capstan.codec()).dead(fetched, JobError.reason("CardDeclined", "declined", System.currentTimeMillis()));

        Result shown = run(ctx, "job", id);
        assertEquals(0, shown.exit(), shown.err());
        assertTrue(shown.out().contains("\"state\" : \"dead\""), shown.out());
        assertTrue(shown.out().contains("\"order\" : \"o-7\""), shown.out());
        assertTrue(shown.out().contains("CardDeclined"), shown.out());
        assertEquals(2, run(ctx, "job", "no-such-job").exit());

        Result retried = run(ctx, "retry-dead", "default", "--id", id);
        assertEquals(0, retried.exit(), retried.err());
        assertEquals(JobState.WAITING, capstan.admin().find(id).orElseThrow().state());
        assertEquals(2, run(ctx, "retry-dead", "default", "--id", id).exit(), "no longer dead");
    }

    @Test
    void pausesAndResumesAQueueForEveryWorker(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        assertEquals(0, run(ctx, "pause", "payments").exit());
        assertTrue(paused(capstan, "payments"), "the flag every worker obeys is set");
        capstan.client().enqueue(JobRequest.of("charge", Map.of()).queue("payments"));
        assertTrue(run(ctx, "queues").out().lines().anyMatch(l -> l.startsWith("payments") && l.endsWith("paused")));
        assertEquals(0, run(ctx, "resume", "payments").exit());
        assertTrue(!paused(capstan, "payments"));
        Result invalid = run(ctx, "pause", "{bad}");
        assertTrue(invalid.exit() != 0 && invalid.err().contains("invalid"), "an invalid queue name is refused: " + invalid.err());
    }

    private static boolean paused(CapstanRedis capstan, String queue) {
        try (FeatureFlags flags = new FeatureFlags(capstan.redis(), capstan.namespace())) {
            return new JobGates(flags).isPaused(queue);
        }
    }

    private static List<String> pick(String line, int... columns) {
        String[] parts = line.trim().split("\\s+");
        List<String> out = new ArrayList<>();
        for (int c : columns) {
            out.add(parts[c]);
        }
        return out;
    }
}
