package dev.capstan.dashboard;

import dev.capstan.api.LogText;
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

    @FunctionalInterface
    private interface Action {
        Map<String, Object> apply(Controls controls, String name);
    }

    /** Reads and checks the path's name; see {@link PathNames}. */
    @FunctionalInterface
    private interface NameRule {
        String read(Context ctx);
    }

    private static final NameRule QUEUE = ctx -> PathNames.queue(ctx, "name");
    private static final NameRule TYPE = ctx -> PathNames.type(ctx, "name");

    private final Controls controls;
    private final WorkerDirectory workers;

    ControlRoutes(DashboardBuilder config) {
        this.controls = config.controls;
        this.workers = config.workers;
    }

    void register(RoutesConfig r) {
        action(r, "/api/queues/{name}/pause", QUEUE, (c, q) -> {
            c.pauseQueue(q);
            log.info("dashboard: paused queue {}", q);
            return Map.of("queue", q, "paused", true);
        });
        action(r, "/api/queues/{name}/resume", QUEUE, (c, q) -> {
            c.resumeQueue(q);
            log.info("dashboard: resumed queue {}", q);
            return Map.of("queue", q, "paused", false);
        });
        action(r, "/api/types/{name}/switch-off", TYPE, (c, type) -> {
            c.switchOff(type);
            log.info("dashboard: switched job type {} off", LogText.escape(type));
            return Map.of("type", type, "switchedOff", true);
        });
        action(r, "/api/types/{name}/switch-on", TYPE, (c, type) -> {
            c.switchOn(type);
            log.info("dashboard: switched job type {} on", LogText.escape(type));
            return Map.of("type", type, "switchedOff", false);
        });
        r.post("/api/workers/{name}/quiet", ctx -> {
            if (unconfigured(ctx)) {
                return;
            }
            String id = PathNames.id(ctx, "name", "worker id");
            // Only workers that are online: a typo must not leave a flag behind that nobody reads.
            if (workers.online().stream().noneMatch(w -> w.id().equals(id))) {
                ctx.status(404).json(Map.of("error", "no online worker " + id));
                return;
            }
            controls.quietWorker(id);
            log.info("dashboard: asked worker {} to go quiet", LogText.escape(id));
            ctx.json(Map.of("worker", id, "quietRequested", true));
        });
        r.get("/api/types/switched-off", ctx -> {
            if (!unconfigured(ctx)) {
                ctx.json(controls.switchedOffTypes());
            }
        });
    }

    private void action(RoutesConfig r, String path, NameRule rule, Action action) {
        r.post(path, ctx -> {
            String name = rule.read(ctx);
            if (!unconfigured(ctx)) {
                ctx.json(action.apply(controls, name));
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
}
