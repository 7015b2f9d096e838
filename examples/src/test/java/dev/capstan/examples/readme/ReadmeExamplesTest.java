package dev.capstan.examples.readme;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.JobRequest;
import dev.capstan.api.QueueInfo;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.testsupport.JvmProcess;
import dev.capstan.testsupport.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The README's first example as a user runs it: {@link WorkerMain} and {@link ProducerMain} (the very
 * code of the README's blocks, see DocSnippetsTest) in JVMs of their own against a real Redis. The
 * worker stays up, runs the producer's jobs (the delayed one no sooner than it is due), and on SIGTERM
 * stops with every job either done or back in Redis, none left in its processing list.
 */
class ReadmeExamplesTest {
    private static final Pattern CHARGED = Pattern.compile("charged order (bulk-\\d+):");
    @Test
    void theReadmeWorkerRunsTheProducersJobsAndDrainsOnSigterm() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
             CapstanRedis capstan = CapstanRedis.connect(redis.url());
             JvmProcess worker = JvmProcess.start(Map.of("REDIS_URL", redis.url()), WorkerMain.class)) {
            await("the worker starts").atMost(Duration.ofSeconds(60))
                    .until(() -> worker.output().contains("started: queues"));

            long beforeProducer = System.nanoTime();
            try (JvmProcess producer = JvmProcess.start(Map.of("REDIS_URL", redis.url()), ProducerMain.class)) {
                assertEquals(0, producer.waitFor(60), () -> "the producer failed:\n" + producer.output());
                assertTrue(producer.output().contains("the delayed job is "), producer.output());
            }
            await("the producer's immediate jobs run").atMost(Duration.ofSeconds(30)).until(() ->
                    worker.output().contains("welcome email sent to ada@example.com")
                            && worker.output().contains("charged order order-7: 19.99 EUR"));
            await("the delayed job runs").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> worker.output().contains("welcome email sent to grace@example.com"));
            Duration sinceProducerStarted = Duration.ofNanos(System.nanoTime() - beforeProducer);
            assertTrue(sinceProducerStarted.compareTo(Duration.ofSeconds(5)) >= 0,
                    "the delayed job ran " + sinceProducerStarted + " after the producer started, before its 5 s delay");
            assertTrue(worker.isAlive(), "the worker process stays up after its jobs are done");

            // A backlog of throttled charges (20/s), so that SIGTERM finds jobs fetched and waiting.
            int bulk = 200;
            capstan.client().enqueueAll(IntStream.range(0, bulk).mapToObj(i -> JobRequest.of(ChargeCard.TYPE,
                    new ChargeCard.Args("bulk-" + i, 100 + i)).queue("payments")).toList());
            await("some charges run").atMost(Duration.ofSeconds(30)).until(() -> charged(worker.output()).size() >= 20);

            int exit = worker.terminate(40);
            assertNotEquals(-1, exit, () -> "the worker did not stop within 40 s of SIGTERM:\n" + worker.output());
            String output = worker.output();
            assertTrue(output.matches("(?s).*worker \\S+ stopped; \\d+ unfinished job\\(s\\) pushed back to their queues.*"), output);
            List<String> charged = charged(output);
            assertEquals(charged.stream().distinct().count(), charged.size(), "a charge ran twice: " + charged);
            assertTrue(charged.size() < bulk, "SIGTERM came after the backlog was done; the test proves nothing");

            QueueInfo payments = capstan.admin().queue("payments");
            assertEquals(0, payments.inFlight(), "jobs left in the stopped worker's processing list: " + payments);
            assertEquals(bulk - charged.size(), payments.size() + payments.scheduled(),
                    "every charge not done is back in Redis, to run later: " + payments);
            assertEquals(0, payments.dead(), payments.toString());
            assertEquals(0, capstan.workers().count(), "the worker left the presence group");
            List<String> complaints = output.lines().filter(l -> l.contains("WARN") || l.contains("ERROR")).toList();
            assertEquals(List.of(), complaints, "warnings or errors in a healthy run:\n" + output);
        }
    }

    private static List<String> charged(String output) {
        List<String> orders = new ArrayList<>();
        Matcher m = CHARGED.matcher(output);
        while (m.find()) {
            orders.add(m.group(1));
        }
        return orders;
    }
}
