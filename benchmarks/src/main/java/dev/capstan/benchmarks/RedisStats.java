package dev.capstan.benchmarks;

import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** Reads Redis state the benchmarks report or verify: memory in use, and keys under a prefix. */
final class RedisStats {
    private RedisStats() {}

    /** {@code used_memory} from {@code INFO memory}, in bytes. */
    static long usedMemory(UnifiedJedis redis) {
        for (String line : redis.info("memory").split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).trim());
            }
        }
        throw new IllegalStateException("INFO memory has no used_memory line");
    }

    /**
     * The sum of {@code calls} over {@code INFO commandstats}, without the INFO calls themselves.
     * Counts commands run by Lua scripts ({@code redis.call}) as well as client commands.
     */
    static long commandCalls(UnifiedJedis redis) {
        long total = 0;
        for (String line : redis.info("commandstats").split("\r?\n")) {
            if (!line.startsWith("cmdstat_") || line.startsWith("cmdstat_info:")) {
                continue;
            }
            int from = line.indexOf("calls=") + "calls=".length();
            int to = line.indexOf(',', from);
            total += Long.parseLong(line.substring(from, to < 0 ? line.length() : to));
        }
        return total;
    }

    /** Every key matching {@code pattern} (SCAN, so it does not block the server). */
    static List<String> keys(UnifiedJedis redis, String pattern) {
        List<String> keys = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        ScanParams params = new ScanParams().match(pattern).count(1000);
        do {
            ScanResult<String> page = redis.scan(cursor, params);
            keys.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        return keys;
    }

    /** Deletes every key matching {@code pattern}; returns how many. */
    static int deleteKeys(UnifiedJedis redis, String pattern) {
        List<String> keys = keys(redis, pattern);
        for (String k : keys) {
            redis.del(k);
        }
        return keys.size();
    }
}
