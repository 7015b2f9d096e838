package dev.capstan.dashboard;

import dev.capstan.api.JobView;
import dev.capstan.api.LogText;
import dev.capstan.api.Page;
import dev.capstan.api.QueueAdmin;
import dev.capstan.api.QueueInfo;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON API under {@code /api}. Reads go straight to the {@link QueueAdmin} and the optional
 * directories; actions are POSTs (guarded by {@link SessionAuth}) that call the admin API once each.
 * Listings take {@code offset} (default 0) and {@code limit} (default 25, at most 500).
 */
final class ApiRoutes {
    private static final Logger log = LoggerFactory.getLogger(ApiRoutes.class);
    static final int DEFAULT_LIMIT = 25;
    static final int MAX_LIMIT = 500;

    @FunctionalInterface
    private interface Lister {
        Page<JobView> list(QueueAdmin admin, String queue, int offset, int limit);
    }

    private final QueueAdmin admin;
    private final WorkerDirectory workers;
    private final LiveProgress progress;
    private final ScheduleDirectory schedules;
    private final FlagDirectory flags;
    private final Controls controls;
    private final StatsSource stats;
    private final dev.capstan.api.LifecycleAdmin lifecycle;

    ApiRoutes(DashboardBuilder config) {
        this.lifecycle = config.lifecycle;
        this.admin = config.admin;
        this.workers = config.workers;
        this.progress = config.progress;
        this.schedules = config.schedules;
        this.flags = config.flags;
        this.controls = config.controls;
        this.stats = config.stats;
    }

    void register(RoutesConfig r) {
        r.get("/api/features", ctx -> ctx.json(Map.of(
                "progress", progress != null, "schedules", schedules != null, "flags", flags != null,
                "controls", controls != null, "stats", stats != null, "lifecycle", lifecycle != null)));
        r.get("/api/queues", ctx -> ctx.json(admin.queues().stream().map(this::withPaused).toList()));
        r.get("/api/queues/{q}", ctx -> ctx.json(withPaused(admin.queue(PathNames.queue(ctx, "q")))));
        listing(r, "waiting", QueueAdmin::waiting);
        listing(r, "in-flight", QueueAdmin::inFlight);
        listing(r, "scheduled", QueueAdmin::scheduled);
        listing(r, "dead", QueueAdmin::dead);
        r.get("/api/jobs/{id}", ctx -> {
            String id = PathNames.id(ctx, "id", "job id");
            admin.find(id).ifPresentOrElse(view -> ctx.json(JobJson.of(view, progress())), () -> notFound(ctx, "no job " + id));
        });
        r.get("/api/workers", ctx -> ctx.json(workers.online()));
        r.get("/api/progress", ctx -> ctx.json(progress()));
        r.get("/api/schedules", ctx -> {
            if (schedules == null) {
                notFound(ctx, "no schedules are configured");
            } else {
                ctx.json(schedules.schedules());
            }
        });
        r.get("/api/flags", ctx -> {
            if (flags == null) {
                notFound(ctx, "no flags are configured");
            } else {
                ctx.json(flags.flags());
            }
        });

        r.post("/api/jobs/{id}/delete", ctx -> {
            String id = PathNames.id(ctx, "id", "job id");
            if (admin.delete(id)) {
                log.info("dashboard: deleted job {}", LogText.escape(id));
                ctx.json(Map.of("deleted", true));
            } else {
                notFound(ctx, "no waiting, scheduled, retry or dead job " + id);
            }
        });
        r.post("/api/queues/{q}/dead/retry-all", ctx -> {
            String q = PathNames.queue(ctx, "q");
            long n = admin.retryAllDead(q);
            log.info("dashboard: retried {} dead jobs of queue {}", n, q);
            ctx.json(Map.of("retried", n));
        });
        r.post("/api/queues/{q}/dead/{id}/retry", ctx -> {
            String q = PathNames.queue(ctx, "q");
            String id = PathNames.id(ctx, "id", "job id");
            if (admin.retryDead(q, id)) {
                log.info("dashboard: retried dead job {} of queue {}", LogText.escape(id), q);
                ctx.json(Map.of("retried", 1));
            } else {
                notFound(ctx, "no dead job " + id + " in queue " + q);
            }
        });
        r.post("/api/queues/{q}/purge", ctx -> {
            String q = PathNames.queue(ctx, "q");
            long n = admin.purge(q);
            log.info("dashboard: purged {} waiting jobs of queue {}", n, q);
            ctx.json(Map.of("purged", n));
        });

        r.exception(IllegalArgumentException.class, (e, ctx) -> ctx.status(400).json(Map.of("error", String.valueOf(e.getMessage()))));
        r.exception(Exception.class, (e, ctx) -> {
            // The details stay in the log: an answer must not carry the server's inner workings.
            String reference = Long.toHexString(System.nanoTime() & 0xffffffL);
            log.warn("dashboard request {} {} failed (reference {})", ctx.method(), LogText.escape(ctx.path()), reference, e);
            ctx.status(500).json(Map.of("error", "the request failed on the server (reference " + reference
                    + " in the dashboard's log)"));
        });
    }

    private void listing(RoutesConfig r, String state, Lister lister) {
        r.get("/api/queues/{q}/" + state, ctx -> {
            String q = PathNames.queue(ctx, "q");
            int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
            int limit = intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
            Page<JobView> page = lister.list(admin, q, offset, limit);
            Map<String, String> live = progress();
            List<JobJson> items = new ArrayList<>(page.items().size());
            page.items().forEach(v -> items.add(JobJson.of(v, live)));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("items", items);
            body.put("offset", page.offset());
            body.put("limit", limit);
            body.put("total", page.total());
            ctx.json(body);
        });
    }

    /**
     * A queue is paused if the admin says so or the controls (the flags workers obey) do. A broken
     * queue is shown as it is (its name may not even be valid, so no flag is asked about).
     */
    private QueueInfo withPaused(QueueInfo q) {
        if (q.paused() || !q.readable() || controls == null || !controls.isPaused(q.name())) {
            return q;
        }
        return q.withPaused(true);
    }

    private Map<String, String> progress() {
        if (progress == null) {
            return Map.of();
        }
        try {
            Map<String, String> current = progress.current();
            return current == null ? Map.of() : current;
        } catch (RuntimeException e) {
            // Progress is decoration: a failing source must not take the job listings down with it.
            log.debug("live progress unavailable: {}", e.toString());
            return Map.of();
        }
    }

    static int intParam(Context ctx, String name, int dflt, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v < min || v > max) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, was '" + raw + "'");
        }
    }

    private static void notFound(Context ctx, String message) {
        ctx.status(404).json(Map.of("error", message));
    }
}
