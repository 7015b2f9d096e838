package dev.capstan.benchmarks;

import dev.capstan.api.BatchOptions;
import dev.capstan.api.JobClient;
import dev.capstan.api.JobRequest;
import dev.capstan.api.ResultHandler;
import dev.capstan.benchmarks.BenchHandlers.Welcome;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import redis.clients.jedis.UnifiedJedis;

/**
 * What tracking costs per job, against a plain job measured in the same run on the same Redis: Redis
 * memory per waiting job and per finished tracked job (status and result kept), script calls (each
 * one client round trip) and Redis commands per job (client commands plus those run inside scripts,
 * from {@code INFO commandstats}), and processing throughput with one worker. Batch members (not
 * tracked) are measured too. The small payload of the throughput benchmark; a result of ~30 bytes.
 */
@Command(name = "lifecycle", mixinStandardHelpOptions = true,
        description = "Cost per tracked job (memory, round trips, commands, throughput) vs plain jobs.")
final class LifecycleCommand implements Callable<Integer> {
    record Receipt(int userId, String status) {}

    @Mixin
    RedisOption redis;

    @Option(names = "--jobs", defaultValue = "20000", description = "Jobs per kind (default ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--concurrency", defaultValue = "50", description = "Worker concurrency (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Override
    public Integer call() throws Exception {
        try (RedisOption.RedisTarget target = redis.open(); BenchQueue bench = new BenchQueue(target.url())) {
            CapstanRedis capstan = bench.capstan();
            UnifiedJedis r = capstan.redis();
            JobClient client = capstan.client();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("benchmark", "lifecycle");
            result.put("jobs", jobs);

            long base = settledMemory(r);
            Counts enqueuePlain = Counts.of(r);
            for (int from = 0; from < jobs; from += 1000) {
                List<JobRequest> chunk = new ArrayList<>();
                for (int i = from; i < Math.min(jobs, from + 1000); i++) {
                    chunk.add(JobRequest.of("plain", Welcome.SAMPLE).queue("lc-plain"));
                }
                client.enqueueAll(chunk);
            }
            Counts afterPlain = Counts.of(r);
            long plainMemory = settledMemory(r);
            long trackedStart = System.nanoTime();
            for (int i = 0; i < jobs; i++) {
                client.enqueue(JobRequest.of("tracked", Welcome.SAMPLE).queue("lc-tracked").keepResult(Duration.ofHours(1)));
            }
            double trackedEnqueueSeconds = (System.nanoTime() - trackedStart) / 1e9;
            Counts afterTracked = Counts.of(r);
            long trackedMemory = settledMemory(r);
            List<JobRequest> members = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                members.add(JobRequest.of("member", Welcome.SAMPLE).queue("lc-batch"));
            }
            capstan.batches().enqueue(BatchOptions.described("bench"), members);
            Counts afterBatch = Counts.of(r);
            long batchMemory = settledMemory(r);
            Progress.log("enqueued %d plain, %d tracked and %d batch jobs", jobs, jobs, jobs);

            result.put("waitingStatusMemoryUsageSample", sampleStatusMemory(capstan));
            result.put("waitingElementBytes", Map.of("plain", capstan.redis().lindex(capstan.broker().keys("lc-plain").pending(), 0).length(),
                    "tracked", capstan.redis().lindex(capstan.broker().keys("lc-tracked").pending(), 0).length()));
            Map<String, Object> waiting = new LinkedHashMap<>();
            waiting.put("plain", Progress.round((plainMemory - base) / (double) jobs, 1));
            waiting.put("tracked", Progress.round((trackedMemory - plainMemory) / (double) jobs, 1));
            waiting.put("batchMember", Progress.round((batchMemory - trackedMemory) / (double) jobs, 1));
            result.put("bytesPerWaitingJob", waiting);
            Map<String, Object> enqueue = new LinkedHashMap<>();
            enqueue.put("plainScriptCallsPerJob", enqueuePlain.scriptsPerJob(afterPlain, jobs));
            enqueue.put("trackedScriptCallsPerJob", afterPlain.scriptsPerJob(afterTracked, jobs));
            enqueue.put("batchMemberScriptCallsPerJob", afterTracked.scriptsPerJob(afterBatch, jobs));
            enqueue.put("plainCommandsPerJob", enqueuePlain.commandsPerJob(afterPlain, jobs));
            enqueue.put("trackedCommandsPerJob", afterPlain.commandsPerJob(afterTracked, jobs));
            enqueue.put("trackedEnqueuePerSecondOneByOne", Math.round(jobs / trackedEnqueueSeconds));
            result.put("enqueue", enqueue);

            Map<String, Object> processing = new LinkedHashMap<>();
            processing.put("plain", drain(capstan, "lc-plain", "plain"));
            processing.put("tracked", drain(capstan, "lc-tracked", "tracked"));
            processing.put("batchMember", drain(capstan, "lc-batch", "member"));
            result.put("processing", processing);
            double plainRate = ((Number) ((Map<?, ?>) processing.get("plain")).get("jobsPerSecond")).doubleValue();
            double trackedRate = ((Number) ((Map<?, ?>) processing.get("tracked")).get("jobsPerSecond")).doubleValue();
            result.put("trackedToPlainThroughput", Progress.round(trackedRate / plainRate, 2));

            long finished = settledMemory(r);
            result.put("bytesPerFinishedTrackedJob", Progress.round((finished - base) / (double) jobs, 1));
            result.put("finishedStatusMemoryUsageSample", sampleStatusMemory(capstan));
            Progress.result(result);
            return 0;
        }
    }

    /** Runs {@code queue} dry with one worker; script calls, commands and rate per job. */
    private Map<String, Object> drain(CapstanRedis capstan, String queue, String type) {
        LongAdder done = new LongAdder();
        Worker worker = Worker.builder(capstan).queues(queue).concurrency(concurrency).gating(false)
                .handler(ResultHandler.of(type, Welcome.class, (w, ctx) -> {
                    done.increment();
                    return new Receipt(w.userId(), "sent");
                }))
                .build();
        Counts before = Counts.of(capstan.redis());
        long start = System.nanoTime();
        worker.start();
        while (done.sum() < jobs || capstan.admin().queue(queue).inFlight() > 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Counts after = Counts.of(capstan.redis());
        worker.close();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jobsPerSecond", Math.round(jobs / seconds));
        m.put("scriptCallsPerJob", before.scriptsPerJob(after, jobs));
        m.put("commandsPerJob", before.commandsPerJob(after, jobs));
        Progress.log("%s: %d jobs in %.2f s", queue, jobs, seconds);
        return m;
    }

    /** MEMORY USAGE of a few finished tracked jobs' status hashes (bytes, Redis's own estimate). */
    private static Map<String, Object> sampleStatusMemory(CapstanRedis capstan) {
        List<String> keys = RedisStats.keys(capstan.redis(), capstan.namespace().tagged("lc-tracked", "job", "*"));
        long sum = 0;
        int n = Math.min(100, keys.size());
        for (int i = 0; i < n; i++) {
            Long usage = capstan.redis().memoryUsage(keys.get(i));
            sum += usage == null ? 0 : usage;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("keys", n);
        m.put("averageBytes", n == 0 ? 0 : Math.round(sum / (double) n));
        m.put("example", n == 0 ? Map.of() : capstan.redis().hgetAll(keys.get(0)));
        return m;
    }

    /** used_memory once it stops moving (a few background allocations settle). */
    private static long settledMemory(UnifiedJedis r) {
        long last = RedisStats.usedMemory(r);
        for (int i = 0; i < 10; i++) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            long now = RedisStats.usedMemory(r);
            if (Math.abs(now - last) < 2_048) {
                return now;
            }
            last = now;
        }
        return last;
    }

    /** Command counters at one moment: all calls, and EVALSHA/EVAL calls (one client round trip each). */
    private record Counts(long commands, long scripts) {
        static Counts of(UnifiedJedis r) {
            long scripts = 0;
            for (String line : r.info("commandstats").split("\r?\n")) {
                if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
                    int from = line.indexOf("calls=") + "calls=".length();
                    scripts += Long.parseLong(line.substring(from, line.indexOf(',', from)));
                }
            }
            return new Counts(RedisStats.commandCalls(r), scripts);
        }

        double scriptsPerJob(Counts later, int jobs) {
            return Progress.round((later.scripts - scripts) / (double) jobs, 3);
        }

        double commandsPerJob(Counts later, int jobs) {
            return Progress.round((later.commands - commands) / (double) jobs, 2);
        }
    }
}
