package dev.capstan.dashboard;

import dev.capstan.api.QueueAdmin;
import dev.capstan.api.QueueInfo;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Throughput under {@code /api}, from the {@link StatsSource}: {@code GET /api/stats} (every queue
 * the admin knows and their total) and {@code GET /api/queues/{q}/stats}, each taking
 * {@code minutes} (default 60, at most {@value #MAX_MINUTES}). Without a source both answer 404.
 */
final class StatsRoutes {
    static final int DEFAULT_MINUTES = 60;
    static final int MAX_MINUTES = 24 * 60;
    private static final long MINUTE_MS = 60_000;

    private final QueueAdmin admin;
    private final StatsSource stats;

    StatsRoutes(DashboardBuilder config) {
        this.admin = config.admin;
        this.stats = config.stats;
    }

    void register(RoutesConfig r) {
        r.get("/api/stats", ctx -> {
            if (unconfigured(ctx)) {
                return;
            }
            int minutes = minutes(ctx);
            Map<String, StatsSource.Throughput> byQueue = new LinkedHashMap<>();
            for (QueueInfo q : admin.queues()) {
                if (q.readable()) { // a broken queue has no statistics to show, and must not hide the others'
                    byQueue.put(q.name(), stats.perMinute(q.name(), minutes));
                }
            }
            ctx.json(overview(byQueue, minutes));
        });
        r.get("/api/queues/{q}/stats", ctx -> {
            if (!unconfigured(ctx)) {
                ctx.json(stats.perMinute(PathNames.queue(ctx, "q"), minutes(ctx)));
            }
        });
    }

    /**
     * Every queue's series on one common window (the latest one read: a queue read before the minute
     * turned is shifted by its bucket times, never by position) and their sum per minute.
     */
    static Map<String, Object> overview(Map<String, StatsSource.Throughput> byQueue, int minutes) {
        long last = byQueue.values().stream().mapToLong(StatsSource.Throughput::lastMinute).max()
                .orElse(System.currentTimeMillis() / MINUTE_MS * MINUTE_MS);
        long first = last - (minutes - 1) * MINUTE_MS;
        long[] processed = new long[minutes];
        long[] failed = new long[minutes];
        Map<String, StatsSource.Throughput> queues = new LinkedHashMap<>();
        byQueue.forEach((name, t) -> {
            StatsSource.Throughput aligned = align(t, first, minutes);
            for (int i = 0; i < minutes; i++) {
                processed[i] += aligned.processed().get(i);
                failed[i] += aligned.failed().get(i);
            }
            queues.put(name, aligned);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("minutes", minutes);
        body.put("firstMinute", first);
        body.put("total", new StatsSource.Throughput(first, boxed(processed), boxed(failed)));
        body.put("queues", queues);
        return body;
    }

    private static StatsSource.Throughput align(StatsSource.Throughput t, long first, int minutes) {
        if (t.firstMinute() == first && t.processed().size() == minutes) {
            return t;
        }
        List<Long> p = new ArrayList<>(minutes);
        List<Long> f = new ArrayList<>(minutes);
        for (int i = 0; i < minutes; i++) {
            long offset = (first + i * MINUTE_MS - t.firstMinute()) / MINUTE_MS;
            boolean inside = offset >= 0 && offset < t.processed().size();
            p.add(inside ? t.processed().get((int) offset) : 0L);
            f.add(inside ? t.failed().get((int) offset) : 0L);
        }
        return new StatsSource.Throughput(first, p, f);
    }

    private static List<Long> boxed(long[] values) {
        List<Long> list = new ArrayList<>(values.length);
        for (long v : values) {
            list.add(v);
        }
        return list;
    }

    private boolean unconfigured(Context ctx) {
        if (stats == null) {
            ctx.status(404).json(Map.of("error", "no statistics are configured"));
            return true;
        }
        return false;
    }

    private static int minutes(Context ctx) {
        return ApiRoutes.intParam(ctx, "minutes", DEFAULT_MINUTES, 1, MAX_MINUTES);
    }
}
