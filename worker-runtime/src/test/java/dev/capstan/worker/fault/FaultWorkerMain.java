package dev.capstan.worker.fault;

import dev.capstan.api.JacksonJobCodec;
import dev.capstan.api.JobContext;
import dev.capstan.api.JobHandler;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.worker.JobTypeOptions;
import dev.capstan.worker.Worker;
import dev.capstan.worker.WorkerBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * A worker process for the fault suite, configured by {@code key=value} arguments, using only the
 * public API. Its handlers record what they do in the test's namespace, with the process id, so a test
 * can tell which copy of a job did what:
 * <ul>
 *   <li>{@code work}: works {@code workMs} in 20 ms steps (time frozen does not count; it stops early when
 *       cancelled), then takes effect;</li>
 *   <li>{@code stuck}: ignores interrupts and cancellation until the key {@code ns:release} exists;</li>
 *   <li>{@code silent}: records its start, then works {@code workMs} and records nothing more (it needs no
 *       Redis to finish);</li>
 *   <li>{@code exit}: calls {@code System.exit(3)};</li>
 *   <li>{@code fail}: throws.</li>
 * </ul>
 * Records (hashes keyed by the job's number n): {@code ns:starts} (how often started), {@code ns:started-by}
 * (pid of the last start), {@code ns:effects} (how often it took effect), {@code ns:effect-by} (pid),
 * {@code ns:cancelled} (how often a copy noticed it was cancelled).
 *
 * <p>Arguments: url, ns, concurrency (4), workMs (0), shutdownMs (2000), heartbeatMs (250), ttlMs (1500),
 * reaperMs (250), leaseMs (election lease; "none" runs the reaper in every worker), socketMs and
 * blockingMs (client timeouts; default those of RedisConnections), closeOnKey (true: close when the key
 * {@code ns:close:PID} appears, then stay alive), sigterm (true: close on SIGTERM).
 */
public final class FaultWorkerMain {
    /** A job's argument: its number. */
    public record Num(int n) {}

    public static void main(String[] argv) {
        Map<String, String> a = new HashMap<>();
        for (String arg : argv) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        UnifiedJedis redis = client(a.get("url"), Integer.parseInt(a.getOrDefault("socketMs", "5000")),
                Integer.parseInt(a.getOrDefault("blockingMs", "10000")));
        // The test's own records go to Redis directly (not through a faulty proxy the worker may use).
        UnifiedJedis records = client(a.getOrDefault("recordUrl", a.get("url")), 5000, 10000);
        Namespace ns = new Namespace(a.get("ns"));
        long pid = ProcessHandle.current().pid();
        long workMs = Long.parseLong(a.getOrDefault("workMs", "0"));
        CapstanRedis capstan = new CapstanRedis(redis, QueueSettings.defaults(ns), new JacksonJobCodec());
        WorkerBuilder builder = Worker.builder(capstan)
                .concurrency(Integer.parseInt(a.getOrDefault("concurrency", "4")))
                .heartbeat(Duration.ofMillis(Long.parseLong(a.getOrDefault("heartbeatMs", "250"))),
                        Duration.ofMillis(Long.parseLong(a.getOrDefault("ttlMs", "1500"))))
                .reaper(true, Duration.ofMillis(Long.parseLong(a.getOrDefault("reaperMs", "250"))))
                .shutdownTimeout(Duration.ofMillis(Long.parseLong(a.getOrDefault("shutdownMs", "2000"))))
                .leaderLease("none".equals(a.getOrDefault("leaseMs", "none")) ? null
                        : Duration.ofMillis(Long.parseLong(a.get("leaseMs"))))
                .handler(handler("work", (num, ctx) -> {
                    started(records, ns, num, pid);
                    // Work in 20 ms steps, so that time spent frozen (SIGSTOP) does not count as work done.
                    for (long step = 0; step < workMs / 20; step++) {
                        if (ctx.isCancelled()) {
                            Thread.interrupted(); // record it even if the cancellation came as an interrupt
                            record(() -> records.hincrBy(ns.plain("cancelled"), Integer.toString(num.n()), 1));
                            throw new InterruptedException("cancelled");
                        }
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                    }
                    effect(records, ns, num, pid);
                }))
                .handler(handler("stuck", (num, ctx) -> {
                    started(records, ns, num, pid);
                    while (!records.exists(ns.plain("release"))) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // interrupts are ignored
                        Thread.interrupted();
                    }
                    effect(records, ns, num, pid);
                }))
                .handler(handler("silent", (num, ctx) -> {
                    started(records, ns, num, pid);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(workMs));
                }))
                .handler(handler("exit", (num, ctx) -> {
                    started(records, ns, num, pid);
                    System.exit(3);
                }))
                .handler(handler("fail", (num, ctx) -> {
                    started(records, ns, num, pid);
                    throw new IllegalStateException("job " + num.n() + " fails on purpose");
                }), JobTypeOptions.defaults().withMaxAttempts(1));
        Worker worker = builder.build().start();
        if (Boolean.parseBoolean(a.getOrDefault("sigterm", "true"))) {
            worker.closeOnShutdown();
        }
        System.out.println("worker started " + worker.id());
        if (Boolean.parseBoolean(a.getOrDefault("closeOnKey", "false"))) {
            String closeKey = ns.plain("close", Long.toString(pid));
            while (!records.exists(closeKey)) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
            worker.close();
            System.out.println("worker closed");
        }
        LockSupport.park(); // run until killed or terminated
    }

    private static void started(UnifiedJedis records, Namespace ns, Num num, long pid) {
        record(() -> {
            records.hincrBy(ns.plain("starts"), Integer.toString(num.n()), 1);
            records.hset(ns.plain("started-by"), Integer.toString(num.n()), Long.toString(pid));
        });
    }

    private static void effect(UnifiedJedis records, Namespace ns, Num num, long pid) {
        record(() -> {
            records.hincrBy(ns.plain("effects"), Integer.toString(num.n()), 1);
            records.hset(ns.plain("effect-by"), Integer.toString(num.n()), Long.toString(pid));
        });
    }

    /**
     * Writes a record, retrying for up to 20 s while the test's Redis restarts (a record lost to a crash
     * would make the job fail and wait for its retry, slowing the test down); gives up when interrupted.
     */
    private static void record(Runnable write) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                write.run();
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }

    private static UnifiedJedis client(String url, int socketMs, int blockingMs) {
        URI uri = URI.create(url);
        return RedisClient.builder().hostAndPort(uri.getHost(), uri.getPort())
                .clientConfig(DefaultJedisClientConfig.builder().connectionTimeoutMillis(socketMs)
                        .socketTimeoutMillis(socketMs).blockingSocketTimeoutMillis(blockingMs).build())
                .build();
    }

    @FunctionalInterface
    interface Body {
        void run(Num num, JobContext ctx) throws Exception;
    }

    static JobHandler<Num> handler(String type, Body body) {
        return new JobHandler<>() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public Class<Num> argsType() {
                return Num.class;
            }

            @Override
            public void handle(Num num, JobContext context) throws Exception {
                body.run(num, context);
            }
        };
    }
}
