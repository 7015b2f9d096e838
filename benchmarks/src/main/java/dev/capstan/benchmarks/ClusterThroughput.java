package dev.capstan.benchmarks;

import dev.capstan.api.JacksonJobCodec;
import dev.capstan.api.JobRequest;
import dev.capstan.benchmarks.BenchHandlers.Welcome;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.RedisConnections;
import dev.capstan.redis.queue.QueueKeys;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.testsupport.RedisClusterProcess;
import dev.capstan.testsupport.RedisServerProcess;
import dev.capstan.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * {@code throughput --cluster}: the same jobs over several queues on a Redis Cluster of three
 * primaries and on one redis-server, both started here, alternately in the same run. Per shard it
 * reports Redis CPU and commands (do the queues spread the work?) and, for both, Redis CPU per job
 * (does a cluster cost more per job than one server?).
 *
 * <p>The queue names are chosen so that each shard holds the same number of queues: a queue's keys
 * share the hash tag {@code {queue}}, so a queue lives on the shard that owns CRC16(name) mod 16384,
 * and a handful of names picked without looking can put two thirds of them on one shard (see
 * docs/SCALING.md). One worker with concurrency C takes from all queues. Each round verifies that
 * every job ran and nothing was left in Redis.
 */
final class ClusterThroughput {
    static final String NAMESPACE = "capstan-bench-cluster";
    private static final int SLOTS = 16_384;

    private final int jobs;
    private final int concurrency;
    private final int batch;
    private final int queueCount;
    private final int primaries;
    private final int warmupJobs;

    ClusterThroughput(int jobs, int concurrency, int batch, int queueCount, int primaries, int warmupJobs) {
        this.jobs = jobs;
        this.concurrency = concurrency;
        this.batch = batch;
        this.queueCount = queueCount;
        this.primaries = primaries;
        this.warmupJobs = warmupJobs;
    }

    /** Queue names {@code bench-c<i>}, taken in order so that each of the {@code primaries} shards gets as many. */
    static List<String> spreadQueues(int count, int primaries) {
        int perShard = (count + primaries - 1) / primaries;
        int[] taken = new int[primaries];
        List<String> queues = new ArrayList<>();
        for (int i = 0; queues.size() < count; i++) {
            String name = "bench-c" + i;
            int shard = shardOf(name, primaries);
            if (taken[shard] < perShard) {
                taken[shard]++;
                queues.add(name);
            }
        }
        return queues;
    }

    /** The shard of a queue on the test cluster, which gives shard i the i-th equal range of slots. */
    static int shardOf(String queue, int primaries) {
        return JedisClusterCRC16.getSlot("{" + queue + "}") * primaries / SLOTS;
    }

    Map<String, Object> run(int rounds) {
        List<String> queues = spreadQueues(queueCount, primaries);
        Progress.log("queues %s on shards %s", queues, queues.stream().map(q -> shardOf(q, primaries)).toList());
        try (RedisClusterProcess cluster = RedisClusterProcess.start(primaries);
             RedisServerProcess single = RedisServerProcess.start()) {
            List<HostAndPort> clusterNodes = new ArrayList<>(cluster.nodes());
            List<Map<String, Object>> trials = new ArrayList<>();
            List<Double> cpuRatios = new ArrayList<>();
            boolean verified = true;
            for (int round = 1; round <= rounds; round++) {
                Map<String, Object> one = null;
                Map<String, Object> many = null;
                for (boolean onCluster : round % 2 == 1 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                    Progress.log("round %d/%d: %d jobs over %d queues on %s", round, rounds, jobs, queues.size(),
                            onCluster ? "a cluster of " + primaries + " primaries" : "one server");
                    UnifiedJedis redis = onCluster ? RedisConnections.connectCluster(cluster.nodes())
                            : RedisConnections.connect(single.url());
                    List<HostAndPort> nodes = onCluster ? clusterNodes
                            : List.of(new HostAndPort(single.host(), single.port()));
                    Map<String, Object> trial = trial(redis, nodes, queues, onCluster);
                    trial.put("round", round);
                    trials.add(trial);
                    verified &= Boolean.TRUE.equals(trial.get("verified"));
                    if (onCluster) {
                        many = trial;
                    } else {
                        one = trial;
                    }
                }
                cpuRatios.add(num(many, "redis_cpu_us_per_job") / num(one, "redis_cpu_us_per_job"));
            }
            List<Map<String, Object>> clusterTrials = trials.stream().filter(t -> "cluster".equals(t.get("target"))).toList();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("benchmark", "cluster");
            out.put("impl", "capstan");
            out.put("jobs", jobs);
            out.put("concurrency", concurrency);
            out.put("primaries", primaries);
            out.put("queues", queues.size());
            out.put("queue_names", queues);
            out.put("rounds", rounds);
            out.put("single", medians(trials, false));
            out.put("cluster", medians(trials, true));
            out.put("redis_cpu_ratio_cluster_to_single", Progress.round(median(cpuRatios), 3));
            out.put("redis_cpu_ratio_per_round", cpuRatios.stream().map(r -> Progress.round(r, 3)).toList());
            out.put("spread", ChartsCommand.map(
                    "cpu_max_over_mean", Progress.round(median(clusterTrials.stream().map(t -> maxOverMean(t, "redis_cpu_ms")).toList()), 3),
                    "calls_max_over_mean", Progress.round(median(clusterTrials.stream().map(t -> maxOverMean(t, "redis_calls")).toList()), 3)));
            out.put("trials", trials);
            out.put("verified", verified);
            return out;
        }
    }

    private Map<String, Object> trial(UnifiedJedis redis, List<HostAndPort> nodes, List<String> queues, boolean onCluster) {
        try (CapstanRedis capstan = new CapstanRedis(redis, QueueSettings.defaults(new Namespace(NAMESPACE)), new JacksonJobCodec());
             CostMeter meter = new CostMeter(nodes)) {
            long warmLeft = 0;
            if (warmupJobs > 0) {
                List<String> warmQueues = queues.stream().map(q -> q + "-warmup").toList();
                enqueue(capstan, warmQueues, warmupJobs);
                Drained warm = drain(capstan, warmQueues, warmupJobs);
                for (String q : warmQueues) {
                    warmLeft += leftovers(capstan, q, warm.workerId()).values().stream().mapToLong(Long::longValue).sum();
                }
            }
            Map<String, CostMeter.Mark> marks = new LinkedHashMap<>();
            long t0 = System.nanoTime();
            marks.put("enqueue-start", meter.mark("enqueue-start", 0));
            enqueue(capstan, queues, jobs);
            double enqueueSeconds = (System.nanoTime() - t0) / 1e9;
            marks.put("enqueue-end", meter.mark("enqueue-end", jobs));
            long t1 = System.nanoTime();
            marks.put("drain-start", meter.mark("drain-start", 0));
            Drained drained = drain(capstan, queues, jobs);
            double drainSeconds = (System.nanoTime() - t1) / 1e9;
            marks.put("drain-end", meter.mark("drain-end", jobs));
            Map<String, Object> enqueue = meter.phase(marks.get("enqueue-start"), marks.get("enqueue-end"));
            Map<String, Object> drain = meter.phase(marks.get("drain-start"), marks.get("drain-end"));
            Map<String, Long> leftovers = new TreeMap<>();
            for (String q : queues) {
                leftovers(capstan, q, drained.workerId()).forEach((k, v) -> leftovers.merge(k, v, Long::sum));
            }
            leftovers.put("warmup", warmLeft);
            long handled = drained.handled();
            boolean clean = handled == jobs && leftovers.values().stream().allMatch(v -> v == 0);
            if (!clean) {
                Progress.log("error: expected %d jobs run and nothing left in Redis, got %d run and leftovers %s",
                        jobs, handled, leftovers);
            }
            double redisMs = num(enqueue, "redis_cpu_ms") + num(drain, "redis_cpu_ms");
            long calls = (long) (num(enqueue, "redis_calls") + num(drain, "redis_calls"));
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("target", onCluster ? "cluster" : "single");
            t.put("enqueue_per_s", Math.round(jobs / enqueueSeconds));
            t.put("jobs_per_s", Math.round(jobs / drainSeconds));
            t.put("redis_cpu_us_per_job", Progress.round(redisMs * 1000 / jobs, 2));
            t.put("redis_calls_per_job", Progress.round(calls / (double) jobs, 3));
            t.put("shards", shards(enqueue, drain, nodes, queues));
            t.put("handled", handled);
            t.put("leftover", leftovers);
            t.put("verified", clean);
            Progress.log("%s: enqueue %s/s, drain %s/s, Redis CPU %s us/job, %s calls/job",
                    t.get("target"), t.get("enqueue_per_s"), t.get("jobs_per_s"), t.get("redis_cpu_us_per_job"),
                    t.get("redis_calls_per_job"));
            return t;
        }
    }

    /** Per node: Redis CPU (ms) and commands over enqueue + drain, and which queues it holds. */
    private List<Map<String, Object>> shards(Map<String, Object> enqueue, Map<String, Object> drain,
                                             List<HostAndPort> nodes, List<String> queues) {
        List<Map<String, Object>> shards = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("node", nodes.get(i).toString());
            s.put("redis_cpu_ms", Progress.round(nodeNum(enqueue, i, "redis_cpu_ms", nodes.size()) + nodeNum(drain, i, "redis_cpu_ms", nodes.size()), 1));
            s.put("redis_calls", (long) (nodeNum(enqueue, i, "redis_calls", nodes.size()) + nodeNum(drain, i, "redis_calls", nodes.size())));
            s.put("queues", queuesOn(nodes.get(i), queues, nodes.size()));
            shards.add(s);
        }
        return shards;
    }

    /** The queues whose slot this node owns (asked of the node itself: CLUSTER KEYSLOT and its slot ranges). */
    private static List<String> queuesOn(HostAndPort node, List<String> queues, int nodeCount) {
        if (nodeCount == 1) {
            return queues;
        }
        try (Jedis jedis = new Jedis(node)) {
            String myself = jedis.clusterMyId();
            List<String> mine = new ArrayList<>();
            for (String q : queues) {
                long slot = jedis.clusterKeySlot("{" + q + "}");
                for (Object range : jedis.clusterSlots()) {
                    List<?> r = (List<?>) range;
                    List<?> owner = (List<?>) r.get(2);
                    String ownerId = new String((byte[]) owner.get(2), java.nio.charset.StandardCharsets.UTF_8);
                    if (slot >= (Long) r.get(0) && slot <= (Long) r.get(1) && ownerId.equals(myself)) {
                        mine.add(q);
                    }
                }
            }
            return mine;
        }
    }

    @SuppressWarnings("unchecked")
    private static double nodeNum(Map<String, Object> phase, int i, String field, int nodeCount) {
        if (nodeCount == 1) {
            return num(phase, field);
        }
        List<Map<String, Object>> perNode = (List<Map<String, Object>>) phase.get("nodes");
        return num(perNode.get(i), field);
    }

    private void enqueue(CapstanRedis capstan, List<String> queues, int n) {
        // Round robin over the queues, one enqueueAll per queue and batch (a call's jobs share one queue's slot).
        int perQueue = n / queues.size();
        for (int qi = 0; qi < queues.size(); qi++) {
            int count = perQueue + (qi < n % queues.size() ? 1 : 0);
            List<JobRequest> requests = new ArrayList<>(batch);
            for (int i = 0; i < count; i++) {
                requests.add(JobRequest.of(ThroughputCommand.TYPE, Welcome.SAMPLE).queue(queues.get(qi)));
                if (requests.size() == batch || i == count - 1) {
                    capstan.client().enqueueAll(requests);
                    requests = new ArrayList<>(batch);
                }
            }
        }
    }

    private record Drained(String workerId, long handled) {}

    /** Drains {@code n} jobs from {@code queues} with one worker, until all ran and their acks reached Redis. */
    private Drained drain(CapstanRedis capstan, List<String> queues, int n) {
        Milestones handled = new Milestones(n);
        Worker worker = Worker.builder(capstan)
                .handler(BenchHandlers.handler(ThroughputCommand.TYPE, Welcome.class, w -> handled.increment()))
                .queues(queues.toArray(String[]::new))
                .concurrency(concurrency)
                .build()
                .start();
        try {
            handled.await(0, Duration.ofMinutes(10));
            ThroughputCommand.awaitUntil(() -> queues.stream().allMatch(
                    q -> capstan.redis().llen(capstan.broker().keys(q).processing(worker.id())) == 0),
                    Duration.ofMinutes(1), "all acks in Redis");
        } finally {
            worker.close();
        }
        return new Drained(worker.id(), handled.sum());
    }

    private static Map<String, Long> leftovers(CapstanRedis capstan, String queue, String workerId) {
        QueueKeys k = capstan.broker().keys(queue);
        Map<String, Long> left = new LinkedHashMap<>();
        left.put("pending", capstan.redis().llen(k.pending()));
        left.put("processing", capstan.redis().llen(k.processing(workerId)));
        left.put("scheduled", capstan.redis().zcard(k.scheduled()));
        left.put("dead", capstan.redis().zcard(k.dead()));
        return left;
    }

    private static double num(Map<String, Object> m, String field) {
        Object v = m == null ? null : m.get(field);
        return v instanceof Number x ? x.doubleValue() : 0;
    }

    private static Map<String, Object> medians(List<Map<String, Object>> trials, boolean cluster) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String f : List.of("enqueue_per_s", "jobs_per_s", "redis_cpu_us_per_job", "redis_calls_per_job")) {
            m.put(f, median(trials, cluster, f));
        }
        return m;
    }

    /** The busiest shard's share of a figure over the mean of the shards (1.0: perfectly even). */
    @SuppressWarnings("unchecked")
    private static double maxOverMean(Map<String, Object> trial, String field) {
        List<Double> perShard = ((List<Map<String, Object>>) trial.get("shards")).stream().map(sh -> num(sh, field)).toList();
        double mean = perShard.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        return mean == 0 ? 0 : perShard.stream().mapToDouble(Double::doubleValue).max().orElse(0) / mean;
    }

    private static double median(List<Map<String, Object>> trials, boolean cluster, String field) {
        return median(trials.stream().filter(t -> t.get("target").equals(cluster ? "cluster" : "single"))
                .map(t -> num(t, field)).toList());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n == 0 ? 0 : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
