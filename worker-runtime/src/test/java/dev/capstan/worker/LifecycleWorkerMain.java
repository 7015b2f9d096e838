package dev.capstan.worker;

import dev.capstan.api.BatchEvent;
import dev.capstan.api.JacksonJobCodec;
import dev.capstan.api.JobContext;
import dev.capstan.api.JobHandler;
import dev.capstan.api.ResultHandler;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.lifecycle.LifecycleBroker;
import dev.capstan.redis.lua.LuaScript;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.worker.TestHandlers.Args;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.PooledConnectionProvider;

/**
 * A worker process for the lifecycle crash tests. Handlers: "row" (HINCRBY ns:effects N 1 after
 * {@code work-ms}), "times10" (returns N*10), "sum" (adds its flow children's results; HINCRBY
 * ns:parents JOBID 1), "batch-done" (HINCRBY ns:callbacks BATCH:EVENT 1).
 *
 * <p>With a script name as {@code park-before} ("batch_record" or "child_done"), the first time this
 * process is about to run that script for a finished job (after the job was acknowledged and its
 * outbox entry written, before its batch or parent heard of it) it writes ns:parked and stops there
 * for good, so that the test can SIGKILL it at exactly that step. No test hook in production code:
 * the interception is in this process's own Redis client.
 *
 * <p>Args: redis-url namespace concurrency work-ms park-before(none|batch_record|child_done)
 */
public final class LifecycleWorkerMain {
    public static void main(String[] args) {
        URI url = URI.create(args[0]);
        Namespace ns = new Namespace(args[1]);
        int concurrency = Integer.parseInt(args[2]);
        long workMs = Long.parseLong(args[3]);
        String parkBefore = args[4];
        UnifiedJedis redis = client(url, ns, parkBefore);
        CapstanRedis capstan = new CapstanRedis(redis, QueueSettings.defaults(ns), new JacksonJobCodec());
        Worker worker = Worker.builder(capstan)
                .queues("default", "reports", "sources")
                .concurrency(concurrency)
                .heartbeat(Duration.ofMillis(250), Duration.ofMillis(1500))
                .reaper(true, Duration.ofMillis(500))
                .leaderLease(Duration.ofSeconds(2))
                .shutdownTimeout(Duration.ofSeconds(1))
                .handler(TestHandlers.handler("row", (a, ctx) -> {
                    if (workMs > 0) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(workMs));
                    }
                    redis.hincrBy(ns.plain("effects"), Integer.toString(a.n()), 1);
                }))
                .handler(ResultHandler.of("times10", Args.class, (a, ctx) -> {
                    if (workMs > 0) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(workMs));
                    }
                    return a.n() * 10;
                }))
                .handler(ResultHandler.of("sum", Args.class, (a, ctx) -> {
                    redis.hincrBy(ns.plain("parents"), ctx.jobId(), 1);
                    return ctx.childResults(Integer.class).values().stream().mapToInt(Integer::intValue).sum();
                }))
                .handler(new JobHandler<BatchEvent>() {
                    @Override
                    public String type() {
                        return "batch-done";
                    }

                    @Override
                    public Class<BatchEvent> argsType() {
                        return BatchEvent.class;
                    }

                    @Override
                    public void handle(BatchEvent event, JobContext context) {
                        redis.hincrBy(ns.plain("callbacks"), event.batchId() + ":" + event.event(), 1);
                    }
                })
                .build();
        worker.closeOnShutdown().start(); // the hook first: a SIGTERM during start() then closes the worker once started
        System.out.println("worker started " + worker.id());
    }

    /** This process's Redis client; with {@code parkBefore}, it stops for good before the first such bookkeeping step. */
    private static UnifiedJedis client(URI url, Namespace ns, String parkBefore) {
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(128);
        pool.setMaxIdle(128);
        PooledConnectionProvider provider = new PooledConnectionProvider(new HostAndPort(url.getHost(), url.getPort()),
                DefaultJedisClientConfig.builder().socketTimeoutMillis(5_000).blockingSocketTimeoutMillis(10_000).build(), pool);
        String sha = "none".equals(parkBefore) ? "" : LuaScript.load(LifecycleBroker.class, parkBefore).sha();
        AtomicBoolean parked = new AtomicBoolean();
        return new UnifiedJedis(provider, RedisProtocol.RESP2) {
            @Override
            public Object evalsha(String script, List<String> keys, List<String> args) {
                boolean memberOutcome = args.size() > 1 && !"check".equals(args.get(1)) && !"sealed".equals(args.get(1));
                if (script.equals(sha) && memberOutcome && parked.compareAndSet(false, true)) {
                    set(ns.plain("parked"), args.get(0));
                    System.out.println("parked before " + parkBefore + " for " + args.get(0));
                    while (true) {
                        LockSupport.park(); // until SIGKILL
                    }
                }
                return super.evalsha(script, keys, args);
            }
        };
    }
}
