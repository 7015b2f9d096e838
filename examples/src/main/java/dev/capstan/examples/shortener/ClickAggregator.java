package dev.capstan.examples.shortener;

import dev.capstan.api.JobContext;
import dev.capstan.api.JobHandler;
import dev.capstan.redis.lua.LuaScript;
import dev.capstan.redis.lua.ScriptRunner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The background job that turns logged clicks into statistics: for each shard it reads the click
 * log a batch at a time and counts each batch into the links' click counters and visitor
 * HyperLogLogs, removing the batch from the log in the same script. A periodic schedule runs it
 * every second, so the redirect only appends to a log and the statistics trail by about a second.
 *
 * <p>Counting is exactly-once without a lock: two runs that read the same batch (a slow run
 * overlapping the next tick, a run retried after a crash) race on one script, and the loser finds
 * the log's head moved, counts nothing, and reads again.
 */
public final class ClickAggregator implements JobHandler<ClickAggregator.Args> {
    public static final String TYPE = "shortener.aggregate-clicks";
    static final int BATCH = 1_000;
    /** Per shard and run, so that one run ends even while clicks keep arriving; the next tick goes on. */
    static final int MAX_BATCHES_PER_RUN = 50;
    private static final LuaScript AGGREGATE = LuaScript.load(ClickAggregator.class, "aggregate_clicks");

    /** No arguments: every run looks at every shard. */
    public record Args() {}

    private final UnifiedJedis redis;
    private final ScriptRunner scripts;
    private final LinkKeys keys;

    public ClickAggregator(UnifiedJedis redis, LinkKeys keys) {
        this.redis = redis;
        this.scripts = new ScriptRunner(redis);
        this.keys = keys;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<Args> argsType() {
        return Args.class;
    }

    @Override
    public void handle(Args args, JobContext context) {
        for (int shard = 0; shard < LinkKeys.SHARDS; shard++) {
            aggregate(shard);
        }
    }

    /** Counts the clicks logged in one shard; returns how many were counted by this call. */
    public long aggregate(int shard) {
        String log = keys.clickLog(shard);
        long counted = 0;
        for (int round = 0; round < MAX_BATCHES_PER_RUN; round++) {
            List<StreamEntry> batch = redis.xrange(log, "-", "+", BATCH);
            if (batch.isEmpty()) {
                break;
            }
            long n = count(log, batch);
            if (n >= 0) {
                counted += n;
            } // else another run took this batch: read the log again
        }
        return counted;
    }

    private long count(String log, List<StreamEntry> batch) {
        Map<String, Integer> clicks = new LinkedHashMap<>();
        Map<String, Set<String>> visitors = new LinkedHashMap<>();
        for (StreamEntry entry : batch) {
            String code = entry.getFields().get("c");
            String visitor = entry.getFields().get("v");
            if (code != null && visitor != null) {
                clicks.merge(code, 1, Integer::sum);
                visitors.computeIfAbsent(code, c -> new LinkedHashSet<>()).add(visitor);
            }
        }
        StreamEntryID last = batch.get(batch.size() - 1).getID();
        List<String> keyList = new ArrayList<>(List.of(log));
        List<String> argList = new ArrayList<>(List.of(batch.get(0).getID().toString(),
                new StreamEntryID(last.getTime(), last.getSequence() + 1).toString()));
        clicks.forEach((code, n) -> {
            keyList.addAll(List.of(keys.url(code), keys.clicks(code), keys.visitors(code)));
            argList.add(Integer.toString(n));
            argList.add(Integer.toString(visitors.get(code).size()));
            argList.addAll(visitors.get(code));
        });
        return scripts.runForLong(AGGREGATE, keyList, argList);
    }
}
