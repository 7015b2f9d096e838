package dev.capstan.benchmarks;

import dev.capstan.api.Job;
import dev.capstan.api.JobRequest;
import dev.capstan.benchmarks.BenchHandlers.Welcome;
import dev.capstan.redis.ratelimit.RateLimiter;
import dev.capstan.redis.ratelimit.RateLimiters;
import dev.capstan.worker.JobTypeOptions;
import dev.capstan.worker.Throttle;
import dev.capstan.worker.Throttles;
import dev.capstan.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The rate a throttled job type really runs at: a backlog of no-op jobs of one type throttled by a
 * rate limiter (one limit for the whole type, {@link Throttles#GLOBAL}), run by one or more workers
 * with their default promoters. After a warm-up (which also absorbs the limiter's burst) it counts the
 * handler starts in a window and compares their rate with the configured one, and reports how much
 * asking it cost: limiter calls and Redis commands (INFO commandstats, scripts' inner commands
 * included, every background component included) per job, which stay flat when nothing spins.
 */
@Command(name = "throttle", mixinStandardHelpOptions = true,
        description = "Achieved rate of a throttled job type against the limiter's configured rate.")
final class ThrottleCommand implements Callable<Integer> {
    static final String QUEUE = "bench-throttle";
    static final String TYPE = "throttled";

    @Mixin
    RedisOption redis;

    @Option(names = "--algorithm", defaultValue = "gcra",
            description = "gcra, token-bucket, sliding-log, sliding-window-counter or fixed-window (default ${DEFAULT-VALUE}).")
    String algorithm;

    @Option(names = "--rate", defaultValue = "10", description = "Permits per period (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--period-ms", defaultValue = "1000", description = "The limiter's period or window (default ${DEFAULT-VALUE} ms).")
    long periodMs;

    @Option(names = "--burst", defaultValue = "1", description = "GCRA burst / token bucket capacity (default ${DEFAULT-VALUE}).")
    int burst;

    @Option(names = "--concurrency", defaultValue = "10", description = "Slots per worker (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--workers", defaultValue = "1", description = "Workers sharing the limit (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--window-seconds", defaultValue = "60", description = "Measured window (default ${DEFAULT-VALUE}).")
    double windowSeconds;

    @Option(names = "--warmup-seconds", defaultValue = "5",
            description = "Unmeasured time from the first start, which also takes the burst (default ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Override
    public Integer call() {
        double perSecond = rate * 1000.0 / periodMs;
        // Enough work to keep the type busy past the window's end.
        int backlog = (int) Math.ceil(burst + perSecond * (warmupSeconds + windowSeconds + 3));
        ConcurrentLinkedQueue<Long> starts = new ConcurrentLinkedQueue<>();
        AtomicLong limiterCalls = new AtomicLong();
        try (RedisOption.RedisTarget target = redis.open(); BenchQueue bench = new BenchQueue(target.url())) {
            RateLimiter limiter = limiter(RateLimiters.on(bench.capstan().redis(), bench.capstan().namespace()));
            Throttle throttle = counting(Throttles.rate(limiter, Throttles.GLOBAL), limiterCalls);
            List<Worker> started = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                started.add(Worker.builder(bench.capstan())
                        .handler(BenchHandlers.handler(TYPE, Welcome.class, a -> starts.add(System.nanoTime())),
                                JobTypeOptions.defaults().withThrottle(throttle))
                        .queues(QUEUE).concurrency(concurrency).build().start());
            }
            Map<String, Object> out = new LinkedHashMap<>();
            try {
                List<JobRequest> jobs = new ArrayList<>(backlog);
                for (int i = 0; i < backlog; i++) {
                    jobs.add(JobRequest.of(TYPE, Welcome.SAMPLE).queue(QUEUE));
                }
                Progress.log("%s %d per %d ms (burst %d): %d jobs for %d worker(s) x %d slots; %.0f s warm-up, %.0f s window",
                        algorithm, rate, periodMs, burst, backlog, workers, concurrency, warmupSeconds, windowSeconds);
                bench.capstan().client().enqueueAll(jobs);
                ThroughputCommand.awaitUntil(() -> !starts.isEmpty(), Duration.ofSeconds(30), "the first start");
                long first = starts.peek();
                long windowStart = first + (long) (warmupSeconds * 1e9);
                long windowEnd = windowStart + (long) (windowSeconds * 1e9);
                ThroughputCommand.awaitUntil(() -> System.nanoTime() >= windowStart, Duration.ofMinutes(10), "the window");
                long commandsBefore = RedisStats.commandCalls(bench.capstan().redis());
                long callsBefore = limiterCalls.get();
                ThroughputCommand.awaitUntil(() -> System.nanoTime() >= windowEnd, Duration.ofMinutes(60), "the window's end");
                long commands = RedisStats.commandCalls(bench.capstan().redis()) - commandsBefore;
                long calls = limiterCalls.get() - callsBefore;
                long inWindow = starts.stream().filter(t -> t >= windowStart && t < windowEnd).count();
                boolean drained = true;
                try {
                    ThroughputCommand.awaitUntil(() -> starts.size() >= backlog, Duration.ofSeconds(60), "the whole backlog");
                } catch (IllegalStateException tooSlow) {
                    drained = false; // far below the rate: report what was measured, with what is left
                    Progress.log("%s; %d of %d jobs ran", tooSlow.getMessage(), starts.size(), backlog);
                }
                double achieved = inWindow / windowSeconds;
                out.put("benchmark", "throttle");
                out.put("algorithm", algorithm);
                out.put("rate", rate);
                out.put("period_ms", periodMs);
                out.put("burst", burst);
                out.put("workers", workers);
                out.put("concurrency", concurrency);
                out.put("window_s", windowSeconds);
                out.put("configured_per_s", Progress.round(perSecond, 3));
                out.put("achieved_per_s", Progress.round(achieved, 3));
                out.put("ratio", Progress.round(achieved / perSecond, 4));
                out.put("jobs_in_window", inWindow);
                out.put("limiter_calls_per_job_window", Progress.round(calls / (double) Math.max(1, inWindow), 3));
                out.put("limiter_calls_per_job_all", Progress.round(limiterCalls.get() / (double) Math.max(1, starts.size()), 3));
                out.put("redis_commands_per_job_window", Progress.round(commands / (double) Math.max(1, inWindow), 2));
                out.put("handled", starts.size());
                out.put("backlog", backlog);
                out.put("drained", drained);
                out.put("leftover", bench.leftovers(QUEUE));
            } finally {
                started.forEach(Worker::close);
            }
            Progress.result(out);
            return 0;
        }
    }

    private RateLimiter limiter(RateLimiters limiters) {
        Duration period = Duration.ofMillis(periodMs);
        return switch (algorithm) {
            case "gcra" -> limiters.gcra("bench", rate, period, burst);
            case "token-bucket" -> limiters.tokenBucket("bench", burst, rate, period);
            case "sliding-log" -> limiters.slidingLog("bench", rate, period);
            case "sliding-window-counter" -> limiters.slidingWindowCounter("bench", rate, period);
            case "fixed-window" -> limiters.fixedWindow("bench", rate, period);
            default -> throw new IllegalArgumentException("unknown algorithm " + algorithm);
        };
    }

    /** Counts every question the workers put to the limiter. */
    private static Throttle counting(Throttle inner, AtomicLong calls) {
        return new Throttle() {
            @Override
            public Decision tryAcquire(Job job) {
                calls.incrementAndGet();
                return inner.tryAcquire(job);
            }

            @Override
            public void release(Job job, Decision decision) {
                inner.release(job, decision);
            }
        };
    }
}
