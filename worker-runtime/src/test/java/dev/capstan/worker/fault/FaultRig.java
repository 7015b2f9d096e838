package dev.capstan.worker.fault;

import dev.capstan.api.JacksonJobCodec;
import dev.capstan.api.JobRequest;
import dev.capstan.api.JobView;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.RedisConnections;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.testsupport.JvmProcess;
import dev.capstan.testsupport.RedisServerProcess;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.UnifiedJedis;

/**
 * One fault test's world: its own redis-server process (so it may be killed and restarted), a client
 * to it, and the worker processes the test starts ({@link FaultWorkerMain}), all stopped by PID at the end.
 */
final class FaultRig implements AutoCloseable {
    final RedisServerProcess server;
    final UnifiedJedis redis;
    final CapstanRedis capstan;
    final Namespace ns = new Namespace("fault");
    private final List<JvmProcess> workers = new ArrayList<>();

    FaultRig(String... redisArgs) {
        server = RedisServerProcess.start(redisArgs);
        redis = RedisConnections.connect(server.url());
        capstan = new CapstanRedis(redis, QueueSettings.defaults(ns), new JacksonJobCodec());
    }

    /** Starts a worker process on this server with {@code key=value} overrides of FaultWorkerMain's defaults. */
    JvmProcess worker(String... args) {
        List<String> all = new ArrayList<>(List.of("url=" + server.url(), "ns=" + ns.prefix()));
        all.addAll(Arrays.asList(args));
        JvmProcess p = JvmProcess.start(FaultWorkerMain.class, all.toArray(String[]::new));
        workers.add(p);
        return p;
    }

    /** The worker id a process printed when it started, or null before that. */
    static String workerId(JvmProcess p) {
        Matcher m = Pattern.compile("worker started (\\S+)").matcher(p.output());
        return m.find() ? m.group(1) : null;
    }

    String enqueue(String type, int n) {
        return capstan.client().enqueue(JobRequest.of(type, new FaultWorkerMain.Num(n))).jobId();
    }

    String enqueueKeyed(String type, int n, String key) {
        return capstan.client().enqueue(JobRequest.of(type, new FaultWorkerMain.Num(n)).idempotencyKey(key)).jobId();
    }

    /** A record hash of FaultWorkerMain (starts, started-by, effects, effect-by, cancelled) as n -> value. */
    Map<Integer, String> record(String name) {
        Map<Integer, String> out = new HashMap<>();
        redis.hgetAll(ns.plain(name)).forEach((k, v) -> out.put(Integer.parseInt(k), v));
        return out;
    }

    long count(String name, int n) {
        String v = redis.hget(ns.plain(name), Integer.toString(n));
        return v == null ? 0 : Long.parseLong(v);
    }

    /** In-flight jobs of the default queue. */
    List<JobView> inFlight() {
        return capstan.admin().inFlight("default", 0, 1000).items();
    }

    long waiting() {
        return capstan.admin().queue("default").size();
    }

    long scheduled() {
        return capstan.admin().queue("default").scheduled();
    }

    /** Nothing waiting and nothing in flight (retries may still be scheduled). */
    boolean idle() {
        return waiting() == 0 && inFlight().isEmpty();
    }

    /** Everything a worker may still hold or wait on is settled: nothing waiting, in flight or scheduled. */
    boolean drained() {
        return waiting() == 0 && inFlight().isEmpty() && scheduled() == 0;
    }

    /** What every worker printed, for assertion messages. */
    String outputs() {
        StringBuilder out = new StringBuilder();
        for (JvmProcess p : workers) {
            out.append("\n--- worker pid ").append(p.pid()).append(" ---\n").append(p.output());
        }
        return out.toString();
    }

    @Override
    public void close() {
        for (JvmProcess p : workers) {
            try {
                if (p.isAlive()) {
                    p.resume(); // a frozen process is thawed first, so that it certainly dies
                }
            } catch (RuntimeException alreadyGone) {
                // exited meanwhile
            }
            p.close();
        }
        redis.close();
        server.close();
    }
}
