package dev.capstan.redis.bloom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.redis.Namespace;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisServerProcess;
import dev.capstan.testsupport.RedisTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

@ExtendWith(RedisExtension.class)
class BloomFilterTest {

    @Test
    void sizesFromCapacityAndRate() {
        BloomParameters p = BloomParameters.forCapacity(20_000, 0.01);
        // m = ceil(-20000 ln 0.01 / (ln 2)^2) = 191702, k = round(191702 / 20000 * ln 2) = 7
        assertEquals(191_702, p.bits());
        assertEquals(7, p.hashes());
        BloomParameters one = BloomParameters.forCapacity(1_000_000, 0.5);
        assertEquals(1, one.hashes());
    }

    @Test
    void refusesMoreBitsThanARedisStringHolds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BloomParameters.forCapacity(1_000_000_000L, 1e-6));
        assertTrue(e.getMessage().contains("4294967296"), e.getMessage());
        // exactly at the limit is fine: n such that m is just below 2^32 at p = 0.5
        long n = (long) Math.floor(BloomParameters.MAX_BITS * Math.pow(Math.log(2), 2) / Math.log(2));
        assertTrue(BloomParameters.forCapacity(n, 0.5).bits() <= BloomParameters.MAX_BITS);
    }

    @Test
    void noFalseNegativesAndFalsePositiveRateNearTarget(RedisTestContext ctx) {
        RedisClient redis = ctx.newClient();
        BloomFilter filter = new BloomFilter(redis, new Namespace(ctx.namespace()), "seen", 20_000, 0.01);
        List<String> inserted = items("job-", 0, 20_000);
        int added = filter.addAll(inserted);
        // an item counts as new unless all its bits were set already, i.e. unless it was a false
        // positive of the filter as filled so far (about 0.2% on average while filling to 1%)
        assertTrue(added > 19_800 && added <= 20_000, "added " + added);

        boolean[] present = filter.mightContainAll(inserted);
        for (int i = 0; i < present.length; i++) {
            assertTrue(present[i], "false negative for " + inserted.get(i));
        }
        assertTrue(filter.mightContain("job-123"));

        long started = System.nanoTime();
        boolean[] absent = filter.mightContainAll(items("other-", 0, 50_000));
        long millis = (System.nanoTime() - started) / 1_000_000;
        int falsePositives = 0;
        for (boolean fp : absent) {
            if (fp) {
                falsePositives++;
            }
        }
        double rate = falsePositives / 50_000.0;
        System.out.printf("bloom n=20000 p=0.01: measured false-positive rate %.4f (%d of 50000);"
                + " testing 50000 items (350000 positions) took %d ms%n", rate, falsePositives, millis);
        assertTrue(rate <= 0.015, "false-positive rate " + rate + " exceeds 1.5x the target 0.01");
        // a filter that answered "present" for nearly everything would also be wrong
        assertTrue(rate >= 0.002, "false-positive rate " + rate + " is implausibly low for a full filter");

        long estimate = filter.approximateItemCount();
        assertTrue(Math.abs(estimate - 20_000) < 1_000, "estimated count " + estimate);
    }

    @Test
    void addReportsOnlyNewItems(RedisTestContext ctx) {
        BloomFilter filter = new BloomFilter(ctx.newClient(), new Namespace(ctx.namespace()), "f", 1_000, 0.001);
        assertFalse(filter.mightContain("a"));
        assertEquals(2, filter.add("a", "b"));
        assertEquals(1, filter.add("a", "c"));
        assertArrayEquals(new boolean[] {true, true, true, false}, filter.mightContainAll(List.of("a", "b", "c", "d")));
        assertEquals(0, filter.addAll(List.of()));
        assertArrayEquals(new boolean[0], filter.mightContainAll(List.of()));
    }

    @Test
    void readingANeverWrittenFilterCreatesNothing(RedisTestContext ctx) {
        BloomFilter filter = new BloomFilter(ctx.newClient(), new Namespace(ctx.namespace()), "empty", 100, 0.01);
        assertArrayEquals(new boolean[] {false, false}, filter.mightContainAll(List.of("x", "y")));
        assertTrue(ctx.keys().isEmpty(), "keys: " + ctx.keys());
    }

    @Test
    void existingFilterWithOtherParametersIsRefused(RedisTestContext ctx) {
        RedisClient redis = ctx.newClient();
        Namespace ns = new Namespace(ctx.namespace());
        BloomFilter original = new BloomFilter(redis, ns, "users", 1_000, 0.01);
        original.add("alice");

        BloomFilter bigger = new BloomFilter(redis, ns, "users", 2_000, 0.01);
        IllegalStateException onAdd = assertThrows(IllegalStateException.class, () -> bigger.add("bob"));
        String expected = "stored bits=" + original.parameters().bits() + " hashes=" + original.parameters().hashes();
        assertTrue(onAdd.getMessage().contains(expected), onAdd.getMessage());
        assertTrue(onAdd.getMessage().contains("requested bits=" + bigger.parameters().bits()), onAdd.getMessage());
        IllegalStateException onRead = assertThrows(IllegalStateException.class, () -> bigger.mightContain("alice"));
        assertTrue(onRead.getMessage().contains(expected), onRead.getMessage());

        BloomFilter sameBitsOtherK = new BloomFilter(redis, ns, "users",
                new BloomParameters(original.parameters().bits(), original.parameters().hashes() + 1,
                        BloomParameters.SCHEME_V1));
        assertThrows(IllegalStateException.class, () -> sameBitsOtherK.mightContain("alice"));

        // nothing was written by the refused calls, the original still works
        assertTrue(original.mightContain("alice"));
        assertFalse(original.mightContain("bob"));

        original.delete();
        assertEquals(1, bigger.add("bob"));
        assertTrue(bigger.mightContain("bob"));
    }

    @Test
    void batchOperationsAreOneScriptCallEach() {
        // a server of its own, so that no other test's commands show up in its statistics
        try (RedisServerProcess server = RedisServerProcess.start();
                RedisClient redis = RedisClient.builder().hostAndPort(server.host(), server.port()).build()) {
            BloomFilter filter = new BloomFilter(redis, new Namespace("bloomcount"), "f", 10_000, 0.01);
            filter.add("warm-up"); // loads the script (EVALSHA answered NOSCRIPT, then EVAL)
            filter.mightContain("warm-up");
            long before = scriptCalls(redis);
            int itemsPerCall = BloomFilter.MAX_POSITIONS_PER_CALL / filter.parameters().hashes();
            filter.addAll(items("a-", 0, itemsPerCall));
            filter.mightContainAll(items("c-", 0, itemsPerCall));
            long after = scriptCalls(redis);
            assertEquals(2, after - before, "one script call per batch");

            filter.mightContainAll(items("b-", 0, 2 * itemsPerCall + 1));
            assertEquals(3, scriptCalls(redis) - after, "a batch above the per-call limit is split");
        }
    }

    @Test
    void batchesLargerThanOneCallAreSplitButComplete(RedisTestContext ctx) {
        BloomParameters p = new BloomParameters(1L << 22, 40, BloomParameters.SCHEME_V1);
        BloomFilter filter = new BloomFilter(ctx.newClient(), new Namespace(ctx.namespace()), "wide", p);
        int items = BloomFilter.MAX_POSITIONS_PER_CALL / 40 + 17; // two calls
        List<String> batch = items("w-", 0, items);
        filter.addAll(batch);
        boolean[] answers = filter.mightContainAll(batch);
        assertEquals(items, answers.length);
        for (boolean answer : answers) {
            assertTrue(answer);
        }
    }

    private static long scriptCalls(UnifiedJedis redis) {
        String info = redis.info("commandstats");
        long calls = 0;
        Matcher m = Pattern.compile("cmdstat_(evalsha|eval):calls=(\\d+)").matcher(info);
        while (m.find()) {
            calls += Long.parseLong(m.group(2));
        }
        return calls;
    }

    private static List<String> items(String prefix, int from, int to) {
        List<String> items = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            items.add(prefix + i);
        }
        return items;
    }
}
