package dev.capstan.benchmarks;

import dev.capstan.examples.shortener.LinkKeys;
import dev.capstan.examples.shortener.LinkStore;
import dev.capstan.examples.shortener.Shortener;
import dev.capstan.examples.shortener.ShortenerOptions;
import dev.capstan.redis.CapstanRedis;
import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The URL shortener example under load: redirects per second and their latency (each redirect
 * resolves the code and logs the click in one script), against a baseline measured in the same
 * run: the same HTTP server stack answering a fixed 302 without touching Redis. Also Redis memory
 * per link (with and without an expiry, and the statistics of a clicked link), Redis CPU and
 * client commands per redirect, and a check that the aggregation job counted every click once.
 */
@Command(name = "shortener", mixinStandardHelpOptions = true,
        description = "URL shortener example: redirects/s and latency vs a no-Redis baseline, memory per link.")
final class ShortenerCommand implements Callable<Integer> {
    @Mixin
    RedisOption redis;

    @Option(names = "--links", defaultValue = "10000", description = "Links created (and again with an expiry) (default ${DEFAULT-VALUE}).")
    int links;

    @Option(names = "--connections", defaultValue = "16", description = "Concurrent keep-alive connections (default ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--seconds", defaultValue = "5", description = "Length of each timed round (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup-seconds", defaultValue = "3", description = "Untimed load before the rounds, per server (default ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds of baseline then shortener; medians are reported (default ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() throws Exception {
        try (RedisOption.RedisTarget target = redis.open(); BenchQueue bench = new BenchQueue(target.url())) {
            CapstanRedis capstan = bench.capstan();
            UnifiedJedis jedis = capstan.redis();
            LinkStore store = new LinkStore(jedis, capstan.namespace());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("benchmark", "shortener");
            out.put("links", links);

            // Memory: N links that never expire, then N that do (a key with a TTL also sits in the expires table).
            String url = "https://example.com/articles/2026/12/a-fairly-typical-slug-for-an-article-url";
            long before = RedisStats.usedMemory(jedis);
            String[] codes = new String[links];
            for (int i = 0; i < links; i++) {
                codes[i] = store.create(url + "?i=" + i, null).code();
            }
            long afterPermanent = RedisStats.usedMemory(jedis);
            for (int i = 0; i < links; i++) {
                store.create(url + "?e=" + i, Duration.ofDays(30));
            }
            long afterExpiring = RedisStats.usedMemory(jedis);
            out.put("url_length", url.length() + 8);
            out.put("bytes_per_link", Progress.round((afterPermanent - before) / (double) links, 1));
            out.put("bytes_per_expiring_link", Progress.round((afterExpiring - afterPermanent) / (double) links, 1));
            Progress.log("%d links: %.1f bytes each, %.1f with an expiry", links,
                    (afterPermanent - before) / (double) links, (afterExpiring - afterPermanent) / (double) links);

            ShortenerOptions options = ShortenerOptions.defaults().withCreateLimit(1_000_000, 1_000);
            Javalin baseline = Javalin.create(c -> {
                c.startup.showJavalinBanner = false;
                c.startup.showOldJavalinVersionWarning = false;
                c.routes.get("/{code}", ctx -> ctx.redirect(url, HttpStatus.FOUND));
            }).start(0);
            Shortener shortener = Shortener.start(capstan, options, 0);
            try {
                IntFunction<String> paths = r -> "/" + codes[r % links];
                Progress.log("warm-up: %.1f s per server, %d connections", warmupSeconds, connections);
                HttpLoad.run(baseline.port(), connections, warmupSeconds, paths, 302);
                long warmupClicks = HttpLoad.run(shortener.port(), connections, warmupSeconds, paths, 302).requests();

                List<HttpLoad.Result> base = new ArrayList<>();
                List<HttpLoad.Result> redirects = new ArrayList<>();
                long redirected = 0;
                double cpuShortener = 0;
                for (int round = 0; round < rounds; round++) {
                    base.add(HttpLoad.run(baseline.port(), connections, seconds, paths, 302));
                    double cpu0 = redisCpuSeconds(jedis);
                    HttpLoad.Result r = HttpLoad.run(shortener.port(), connections, seconds, paths, 302);
                    cpuShortener += redisCpuSeconds(jedis) - cpu0;
                    redirects.add(r);
                    redirected += r.requests();
                    Progress.log("round %d: baseline %.0f/s p99 %.2f ms | shortener %.0f/s p99 %.2f ms", round + 1,
                            base.get(round).perSecond(), base.get(round).micros().getValueAtPercentile(99) / 1000.0,
                            r.perSecond(), r.micros().getValueAtPercentile(99) / 1000.0);
                }
                long unexpected = redirects.stream().mapToLong(HttpLoad.Result::unexpected).sum()
                        + base.stream().mapToLong(HttpLoad.Result::unexpected).sum();

                // Every click of the warm-up and the rounds must be counted once by the aggregation job.
                long drainStart = System.nanoTime();
                ThroughputCommand.awaitUntil(() -> logsEmpty(jedis, store.keys()), Duration.ofMinutes(2), "click logs drained");
                long drainMillis = (System.nanoTime() - drainStart) / 1_000_000;
                long counted = countedClicks(jedis, store.keys(), codes);
                double[] stats = statsBytesAndVisitors(jedis, store.keys(), codes);

                // Round trips per redirect, from MONITOR, with the worker stopped so that only redirects talk to Redis.
                shortener.worker().close();
                int sampled = 200;
                CommandSampler.Sample sample;
                try (CommandSampler sampler = new CommandSampler(target.host(), target.port(), jedis)) {
                    sample = sampler.sample(() -> {
                        try {
                            HttpLoad.run(shortener.port(), 1, 60, sampled, paths, 302);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                }

                HttpLoad.Result medianBase = median(base);
                HttpLoad.Result medianRedirect = median(redirects);
                out.put("connections", connections);
                out.put("seconds", seconds);
                out.put("rounds", rounds);
                out.put("redirects_per_s", Math.round(medianRedirect.perSecond()));
                out.put("redirect_p50_ms", ms(medianRedirect.micros().getValueAtPercentile(50)));
                out.put("redirect_p99_ms", ms(medianRedirect.micros().getValueAtPercentile(99)));
                out.put("baseline_per_s", Math.round(medianBase.perSecond()));
                out.put("baseline_p50_ms", ms(medianBase.micros().getValueAtPercentile(50)));
                out.put("baseline_p99_ms", ms(medianBase.micros().getValueAtPercentile(99)));
                // Rounds alternate, so each round's pair saw the same machine load: the median of the paired ratios.
                List<Double> ratios = new ArrayList<>();
                for (int i = 0; i < rounds; i++) {
                    ratios.add(redirects.get(i).perSecond() / base.get(i).perSecond());
                }
                ratios.sort(Double::compare);
                out.put("ratio_to_baseline", Progress.round(ratios.get(rounds / 2), 3));
                out.put("ratio_per_round", ratios.stream().map(x -> Progress.round(x, 3)).toList());
                out.put("redis_cpu_us_per_redirect", Progress.round(cpuShortener * 1e6 / redirected, 2));
                out.put("client_commands_per_redirect", Progress.round(sample.clientCommands() / (double) sampled, 3));
                out.put("redis_commands_per_redirect", Progress.round((sample.clientCommands() + sample.luaCommands()) / (double) sampled, 3));
                out.put("unexpected_responses", unexpected);
                out.put("clicks_served", warmupClicks + redirected);
                out.put("clicks_counted", counted);
                out.put("click_logs_drained_ms_after_load", drainMillis);
                out.put("stats_bytes_per_clicked_link", Progress.round(stats[0], 1));
                out.put("visitors_per_clicked_link", Progress.round(stats[1], 1));
                out.put("verified", unexpected == 0 && counted == warmupClicks + redirected);
                Progress.log("aggregation: %d clicks counted, logs drained %d ms after the load stopped", counted, drainMillis);
            } finally {
                shortener.close();
                baseline.stop();
            }
            Progress.result(out);
            return Boolean.TRUE.equals(out.get("verified")) ? 0 : 1;
        }
    }

    private static HttpLoad.Result median(List<HttpLoad.Result> results) {
        List<HttpLoad.Result> sorted = new ArrayList<>(results);
        sorted.sort((a, b) -> Double.compare(a.perSecond(), b.perSecond()));
        return sorted.get(sorted.size() / 2);
    }

    private static double ms(long micros) {
        return Progress.round(micros / 1000.0, 3);
    }

    private static double redisCpuSeconds(UnifiedJedis jedis) {
        double cpu = 0;
        for (String line : jedis.info("cpu").split("\r?\n")) {
            if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                cpu += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return cpu;
    }

    private static boolean logsEmpty(UnifiedJedis jedis, LinkKeys keys) {
        for (int shard = 0; shard < LinkKeys.SHARDS; shard++) {
            if (jedis.xlen(keys.clickLog(shard)) > 0) {
                return false;
            }
        }
        return true;
    }

    /** MEMORY USAGE of a clicked link's counter and visitor HyperLogLog, averaged; and its distinct visitors. */
    private static double[] statsBytesAndVisitors(UnifiedJedis jedis, LinkKeys keys, String[] codes) {
        long bytes = 0;
        long visitors = 0;
        int clicked = 0;
        for (String code : codes) {
            Long counter = jedis.memoryUsage(keys.clicks(code));
            if (counter != null) {
                clicked++;
                bytes += counter + jedis.memoryUsage(keys.visitors(code));
                visitors += jedis.pfcount(keys.visitors(code));
            }
        }
        return clicked == 0 ? new double[] {0, 0} : new double[] {bytes / (double) clicked, visitors / (double) clicked};
    }

    private static long countedClicks(UnifiedJedis jedis, LinkKeys keys, String[] codes) {
        List<Response<String>> replies = new ArrayList<>(codes.length);
        try (AbstractPipeline pipe = jedis.pipelined()) {
            for (String code : codes) {
                replies.add(pipe.get(keys.clicks(code)));
            }
            pipe.sync();
        }
        return replies.stream().map(Response::get).filter(java.util.Objects::nonNull).mapToLong(Long::parseLong).sum();
    }
}
