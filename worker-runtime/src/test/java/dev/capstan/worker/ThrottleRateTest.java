package dev.capstan.worker;

import static dev.capstan.worker.TestHandlers.handler;
import static dev.capstan.worker.WorkerTest.capstan;
import static dev.capstan.worker.WorkerTest.fastWorker;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.Job;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.ratelimit.RateLimiters;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import dev.capstan.worker.TestHandlers.Args;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A throttled job type runs at its limiter's rate, measured over a realistic window (about 20 s),
 * with no help from a test promoter: the workers' own promoters must bring every throttled job back
 * on time. Issue 9 saw half the rate (a throttled job went back to the scheduled set unannounced, so
 * it waited for the promoter's next periodic look, up to a second). "Without spinning" is checked as
 * the number of limiter calls per job: a backlog of jobs retrying against each other made that grow
 * with the backlog.
 */
@ExtendWith(RedisExtension.class)
class ThrottleRateTest {
    private static final int RATE = 20;
    private static final int JOBS = 400; // 20 s of work at the rate

    @Test
    void aGcraThrottledTypeRunsAtTheLimitersRateOverTwentySecondsWithoutSpinning(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        AtomicLong limiterCalls = new AtomicLong();
        Throttle gcra = Throttles.rate(RateLimiters.on(capstan.redis(), capstan.namespace())
                .gcra("psp", RATE, Duration.ofSeconds(1), 1), Throttles.GLOBAL);
        Throttle counted = new Throttle() {
            @Override
            public Decision tryAcquire(Job job) {
                limiterCalls.incrementAndGet();
                return gcra.tryAcquire(job);
            }

            @Override
            public void release(Job job, Decision decision) {
                gcra.release(job, decision);
            }
        };
        List<Long> starts = new CopyOnWriteArrayList<>();
        for (int w = 0; w < 2; w++) { // two workers share the limit; ten slots in all
            ctx.closeAfter(fastWorker(capstan).concurrency(5)
                    .handler(handler("charge", (a, c) -> starts.add(System.nanoTime())),
                            JobTypeOptions.defaults().withThrottle(counted))
                    .build().start());
        }
        for (int i = 0; i < JOBS; i++) {
            capstan.client().enqueue("charge", new Args(i));
        }
        await().atMost(Duration.ofSeconds(JOBS / RATE + 15)).until(() -> starts.size() == JOBS);

        List<Long> sorted = starts.stream().sorted().toList();
        double seconds = (sorted.get(JOBS - 1) - sorted.get(0)) / 1e9;
        double achieved = (JOBS - 1) / seconds; // the first start is free (burst 1)
        double ratio = achieved / RATE;
        assertTrue(ratio > 0.95 && ratio <= 1.05,
                "ran " + JOBS + " jobs at " + String.format("%.2f", achieved) + "/s, the limit is " + RATE + "/s (ratio "
                        + String.format("%.3f", ratio) + ")");
        double callsPerJob = limiterCalls.get() / (double) JOBS;
        assertTrue(callsPerJob <= 2.1, "each job asks the limiter at most twice (book, then claim): "
                + String.format("%.2f", callsPerJob) + " calls per job");
        System.out.printf("throttle gcra %d/s burst 1, 2 workers x 5 slots: %.2f jobs/s (ratio %.3f), %.2f limiter calls per job%n",
                RATE, achieved, ratio, callsPerJob);
        // Never over the limit: permits are granted one interval apart (GcraBookingTest checks the
        // grants); here starts are seen through a busy machine, where a stall lets the jobs it held up
        // start close together, so the check is over 5-second windows with a little slack.
        for (int i = 0, j = 0; i < sorted.size(); i++) {
            while (j < sorted.size() && sorted.get(j) - sorted.get(i) < 5_000_000_000L) {
                j++;
            }
            assertTrue(j - i <= 5 * RATE + 1 + 10, (j - i) + " starts within 5 s from start #" + i);
        }
    }
}
