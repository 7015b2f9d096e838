package dev.capstan.dashboard;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The switches under {@code /api} that workers obey, through {@link Controls}: pause and resume a
 * queue, quiet a worker, switch a job type off and on. POSTs, so {@link SessionAuth} requires the
 * CSRF token; each answers with the new state. Without controls configured every route answers 404.
 */
final class ControlRoutes {
    private static final Logger log = LoggerFactory.getLogger(ControlRoutes.class);
    /** Names longer than this are not queue or type names but mistakes (or abuse): refused. */
    static final int MAX_NAME_LENGTH = 200;

    @FunctionalInterface
    private interface Action {
        Map<String, Object> apply(Controls controls, String name);
    }

    private final Controls controls;
    private final WorkerDirectory workers;

    ControlRoutes(DashboardBuilder config) {
        this.controls = config.controls;
        this.workers = config.workers;
    }

    void register(RoutesConfig r) {
        action(r, "/api/queues/{name}/pause", (c, q) -> {
            c.pauseQueue(q);
            log.info("dashboard: paused queue {}", q);
            return Map.of("queue", q, "paused", true);
        });
        action(r, "/api/queues/{name}/resume", (c, q) -> {
            c.resumeQueue(q);
            log.info("dashboard: resumed queue {}", q);
            return Map.of("queue", q, "paused", false);
        });
        action(r, "/api/types/{name}/switch-off", (c, type) -> {
            c.switchOff(type);
            log.info("dashboard: switched job type {} off", type);
            return Map.of("type", type, "switchedOff", true);
        });
        action(r, "/api/types/{name}/switch-on", (c, type) -> {
            c.switchOn(type);
            log.info("dashboard: switched job type {} on", type);
            return Map.of("type", type, "switchedOff", false);
        });
        r.post("/api/workers/{name}/quiet", ctx -> {
            if (unconfigured(ctx)) {
                return;
            }
            String id = name(ctx);
            // Only workers that are online: a typo must not leave a flag behind that nobody reads.
            if (workers.online().stream().noneMatch(w -> w.id().equals(id))) {
                ctx.status(404).json(Map.of("error", "no online worker " + id));
                return;
            }
            controls.quietWorker(id);
            log.info("dashboard: asked worker {} to go quiet", id);
            ctx.json(Map.of("worker", id, "quietRequested", true));
        });
        r.get("/api/types/switched-off", ctx -> {
            if (!unconfigured(ctx)) {
                ctx.json(controls.switchedOffTypes());
            }
        });
    }

    private void action(RoutesConfig r, String path, Action action) {
        r.post(path, ctx -> {
            if (!unconfigured(ctx)) {
                ctx.json(action.apply(controls, name(ctx)));
            }
        });
    }

    private boolean unconfigured(Context ctx) {
        if (controls == null) {
            ctx.status(404).json(Map.of("error", "no controls are configured"));
            return true;
        }
        return false;
    }

    private static String name(Context ctx) {
        String name = ctx.pathParam("name");
        if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("a name of 1 to " + MAX_NAME_LENGTH + " characters is required");
        }
        return name;
    }
}
