package dev.capstan.redis.bloom;

import dev.capstan.redis.Namespace;
import dev.capstan.redis.lua.LuaScript;
import dev.capstan.redis.lua.ScriptRunner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import redis.clients.jedis.UnifiedJedis;

/**
 * A Bloom filter on plain Redis (no RedisBloom module): a bit array in a string key, written and
 * read with SETBIT / GETBIT inside one Lua script per batch. Answers "certainly absent" or "might be
 * present"; there are no false negatives, and the false-positive rate stays near the configured one
 * as long as no more than the expected number of items is added (it grows quickly beyond that).
 * Items cannot be removed.
 *
 * <p>The k bit positions of an item are computed here, in Java (murmur3_x64_128 of its UTF-8 bytes,
 * double hashing), and sent as script arguments, so the server does no hashing and a batch is one
 * round trip (one atomic script) up to {@value #MAX_POSITIONS_PER_CALL} positions, i.e. about 7,000
 * items at a 1% rate (k = 7); larger batches are split into several calls, each atomic on its own. The parameters (m, k, scheme) are stored in a hash beside the bits and checked by every
 * script: opening an existing filter with another shape throws {@link IllegalStateException}
 * instead of silently corrupting it. The bit string grows on demand up to m/8 bytes (at most 512 MB).
 *
 * <p>Keys: {@code prefix:{name}:bloom:bits} and {@code prefix:{name}:bloom:params} (one cluster slot).
 * The filter object is stateless and thread-safe.
 */
public final class BloomFilter {
    /**
     * Bit positions per script call. A script blocks the whole server while it runs, and one
     * SETBIT/GETBIT from Lua costs about 1 to 5 microseconds (measured 4.5 on a busy 2-core machine),
     * so larger batches are split into several calls (each one atomic) to let other clients in between.
     */
    static final int MAX_POSITIONS_PER_CALL = 50_000;

    private static final LuaScript ADD = LuaScript.load(BloomFilter.class, "add");
    private static final LuaScript CONTAINS = LuaScript.load(BloomFilter.class, "contains");

    private final UnifiedJedis redis;
    private final ScriptRunner scripts;
    private final String name;
    private final BloomParameters parameters;
    private final List<String> keys;

    /** A filter sized for {@code expectedItems} at {@code falsePositiveRate}, see {@link BloomParameters#forCapacity}. */
    public BloomFilter(UnifiedJedis redis, Namespace ns, String name, long expectedItems, double falsePositiveRate) {
        this(redis, ns, name, BloomParameters.forCapacity(expectedItems, falsePositiveRate));
    }

    public BloomFilter(UnifiedJedis redis, Namespace ns, String name, BloomParameters parameters) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.scripts = new ScriptRunner(redis);
        this.name = Namespace.requireTaggable(name);
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.keys = List.of(ns.tagged(name, "bloom", "bits"), ns.tagged(name, "bloom", "params"));
    }

    public BloomParameters parameters() {
        return parameters;
    }

    /**
     * Adds the items in one atomic round trip.
     *
     * @return how many of them were certainly new (at least one of their bits was still 0); an item
     *         already present, or a false positive, does not count
     * @throws IllegalStateException when the filter exists with other parameters
     */
    public int add(String... items) {
        return addAll(List.of(items));
    }

    /** {@link #add(String...)} for a collection. */
    public int addAll(Collection<String> items) {
        int added = 0;
        for (boolean isNew : run(ADD, items)) {
            if (isNew) {
                added++;
            }
        }
        return added;
    }

    /** False means the item was certainly never added; true means it probably was. */
    public boolean mightContain(String item) {
        return run(CONTAINS, List.of(item))[0];
    }

    /**
     * {@link #mightContain} for many items in one round trip; the answers are in iteration order.
     *
     * @throws IllegalStateException when the filter exists with other parameters
     */
    public boolean[] mightContainAll(Collection<String> items) {
        return run(CONTAINS, items);
    }

    /**
     * An estimate of the number of distinct items added, from the number of set bits X:
     * -(m / k) ln(1 - X / m). Reads the whole bit string (BITCOUNT is O(m)).
     */
    public long approximateItemCount() {
        long setBits = redis.bitcount(keys.get(0));
        double m = parameters.bits();
        if (setBits >= m) {
            return Long.MAX_VALUE;
        }
        return Math.round(-(m / parameters.hashes()) * Math.log(1 - setBits / m));
    }

    /** Deletes the bits and the stored parameters (one DEL); the name may then be reused with another shape. */
    public void delete() {
        redis.del(keys.get(0), keys.get(1));
    }

    private boolean[] run(LuaScript script, Collection<String> items) {
        int k = parameters.hashes();
        boolean[] answers = new boolean[items.size()];
        int itemsPerCall = Math.max(1, MAX_POSITIONS_PER_CALL / k);
        List<String> args = new ArrayList<>(3 + Math.min(items.size(), itemsPerCall) * k);
        long[] positions = new long[k];
        int done = 0;
        int inCall = 0;
        for (String item : items) {
            if (inCall == 0) {
                args.clear();
                args.add(Long.toString(parameters.bits()));
                args.add(Integer.toString(k));
                args.add(parameters.scheme());
            }
            parameters.positions(Objects.requireNonNull(item, "item").getBytes(StandardCharsets.UTF_8), positions, 0);
            for (long position : positions) {
                args.add(Long.toString(position));
            }
            inCall++;
            if (inCall == itemsPerCall) {
                call(script, args, answers, done, inCall);
                done += inCall;
                inCall = 0;
            }
        }
        if (inCall > 0) {
            call(script, args, answers, done, inCall);
        }
        return answers;
    }

    private void call(LuaScript script, List<String> args, boolean[] answers, int offset, int count) {
        List<Object> reply = scripts.runForList(script, keys, args);
        if ((Long) reply.get(0) == 0) {
            throw new IllegalStateException("Bloom filter '" + name + "' exists with other parameters: stored bits="
                    + reply.get(1) + " hashes=" + reply.get(2) + " scheme=" + reply.get(3) + ", requested bits="
                    + parameters.bits() + " hashes=" + parameters.hashes() + " scheme=" + parameters.scheme()
                    + " (open it with the stored parameters, or delete() it first)");
        }
        String flags = (String) reply.get(1);
        if (flags.length() != count) {
            throw new IllegalStateException("Bloom filter script answered " + flags.length() + " flags for " + count
                    + " items");
        }
        for (int i = 0; i < count; i++) {
            answers[offset + i] = flags.charAt(i) == '1';
        }
    }
}
