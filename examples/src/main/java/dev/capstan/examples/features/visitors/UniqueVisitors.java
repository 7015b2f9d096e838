package dev.capstan.examples.features.visitors;

import dev.capstan.examples.DemoRedis;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.counter.UniqueCounter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Unique visitors with HyperLogLog: 50,000 page views by 10,000 visitors are counted in one
 * HyperLogLog per day (at most 12 KB however many visitors; standard error 0.81%) instead of a set
 * of every id. Any range of days merges in one PFCOUNT.
 *
 * <pre>
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=dev.capstan.examples.features.visitors.UniqueVisitors
 * </pre>
 */
public final class UniqueVisitors {

    /** The exact number of distinct visitors, and what the counter estimated today and over the week. */
    public record Result(long exact, long today, long thisWeek) {}

    private UniqueVisitors() {}

    public static void main(String[] args) throws Exception {
        try (DemoRedis redis = DemoRedis.open(); CapstanRedis capstan = CapstanRedis.connect(redis.url())) {
            Result r = run(capstan, 50_000, 10_000);
            System.out.printf("distinct visitors: %d exactly, %d estimated today (%+.2f%%), %d this week%n",
                    r.exact(), r.today(), 100.0 * (r.today() - r.exact()) / r.exact(), r.thisWeek());
        }
    }

    public static Result run(CapstanRedis capstan, int pageViews, int visitors) {
        UniqueCounter uniques = new UniqueCounter(capstan.redis(), capstan.namespace());   // day buckets, kept 90 days
        Random random = new Random(42);
        Set<String> exact = new HashSet<>();
        List<String> batch = new ArrayList<>();
        for (int view = 0; view < pageViews; view++) {
            String visitor = "visitor-" + random.nextInt(visitors);   // e.g. a cookie id or a user id
            exact.add(visitor);
            batch.add(visitor);
            if (batch.size() == 1_000) {   // in a web app: uniques.add("homepage", visitor) per request
                uniques.addAll("homepage", batch);
                batch.clear();
            }
        }
        uniques.addAll("homepage", batch);
        long today = uniques.count("homepage", Instant.now());
        long thisWeek = uniques.countRange("homepage", Instant.now().minus(Duration.ofDays(6)), Instant.now());
        return new Result(exact.size(), today, thisWeek);
    }
}
