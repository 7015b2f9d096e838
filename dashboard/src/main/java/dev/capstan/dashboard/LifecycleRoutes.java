package dev.capstan.dashboard;

import dev.capstan.api.BatchStatus;
import dev.capstan.api.CancelResult;
import dev.capstan.api.CancelledJob;
import dev.capstan.api.JobStatus;
import dev.capstan.api.LifecycleAdmin;
import dev.capstan.api.LogText;
import dev.capstan.api.Page;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job lifecycles under {@code /api}, read through {@link LifecycleAdmin}: a tracked job's status
 * (also once it finished), cancelling a job (a POST, so {@link SessionAuth} requires the CSRF token
 * and a role that may act: a read-only user gets 403), each queue's cancelled jobs, and batches with
 * their progress. Path names are checked as on every route ({@link PathNames}). Without a lifecycle
 * configured every route answers 404.
 */
final class LifecycleRoutes {
    private static final Logger log = LoggerFactory.getLogger(LifecycleRoutes.class);

    private final LifecycleAdmin lifecycle;

    LifecycleRoutes(DashboardBuilder config) {
        this.lifecycle = config.lifecycle;
    }

    void register(RoutesConfig r) {
        r.get("/api/jobs/{id}/status", ctx -> {
            if (!unconfigured(ctx)) {
                String id = PathNames.id(ctx, "id", "job id");
                lifecycle.status(id).ifPresentOrElse(s -> ctx.json(statusJson(s)),
                        () -> notFound(ctx, "no status for job " + id + " (not tracked, or past its retention)"));
            }
        });
        r.post("/api/jobs/{id}/cancel", ctx -> {
            if (unconfigured(ctx)) {
                return;
            }
            String id = PathNames.id(ctx, "id", "job id");
            CancelResult result = lifecycle.cancel(id);
            log.info("dashboard: cancel job {}: {}", LogText.escape(id), result);
            if (result == CancelResult.NOT_FOUND) {
                notFound(ctx, "no job " + id);
            } else {
                ctx.json(Map.of("job", id, "result", result.name()));
            }
        });
        r.get("/api/queues/{q}/cancelled", ctx -> {
            if (unconfigured(ctx)) {
                return;
            }
            int offset = ApiRoutes.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
            int limit = ApiRoutes.intParam(ctx, "limit", ApiRoutes.DEFAULT_LIMIT, 1, ApiRoutes.MAX_LIMIT);
            Page<CancelledJob> page = lifecycle.cancelled(PathNames.queue(ctx, "q"), offset, limit);
            List<JobJson> items = new ArrayList<>(page.items().size());
            page.items().forEach(c -> items.add(JobJson.cancelled(c)));
            ctx.json(page(items, page.offset(), limit, page.total()));
        });
        r.get("/api/batches", ctx -> {
            if (unconfigured(ctx)) {
                return;
            }
            int offset = ApiRoutes.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
            int limit = ApiRoutes.intParam(ctx, "limit", ApiRoutes.DEFAULT_LIMIT, 1, ApiRoutes.MAX_LIMIT);
            Page<BatchStatus> page = lifecycle.recentBatches(offset, limit);
            ctx.json(page(page.items(), page.offset(), limit, page.total()));
        });
        r.get("/api/batches/{id}", ctx -> {
            if (!unconfigured(ctx)) {
                String id = PathNames.id(ctx, "id", "batch id");
                lifecycle.batch(id).ifPresentOrElse(ctx::json, () -> notFound(ctx, "no batch " + id));
            }
        });
    }

    /** A status as the page shows it. */
    static Map<String, Object> statusJson(JobStatus s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", s.jobId());
        json.put("type", s.type());
        json.put("queue", s.queue());
        json.put("state", s.state().name());
        json.put("final", s.isFinal());
        json.put("attempt", s.attempt());
        json.put("progress", s.progress().isPresent() ? s.progress().getAsInt() : null);
        json.put("progressMessage", s.progressMessage().orElse(null));
        json.put("result", s.resultJson().orElse(null));
        json.put("error", s.error().orElse(null));
        json.put("createdAt", s.createdAt());
        json.put("updatedAt", s.updatedAt());
        json.put("runAt", s.runAt());
        json.put("workerId", s.workerId().orElse(null));
        json.put("batchId", s.batchId().orElse(null));
        json.put("parentId", s.parentId().orElse(null));
        json.put("cancelRequested", s.cancelRequested());
        json.put("pendingChildren", s.pendingChildren());
        List<Map<String, Object>> history = new ArrayList<>();
        for (JobStatus.Transition t : s.history()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("state", t.state().name());
            entry.put("at", t.at());
            entry.put("detail", t.detail());
            history.add(entry);
        }
        json.put("history", history);
        return json;
    }

    private static Map<String, Object> page(List<?> items, long offset, int limit, long total) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("offset", offset);
        body.put("limit", limit);
        body.put("total", total);
        return body;
    }

    private boolean unconfigured(Context ctx) {
        if (lifecycle == null) {
            notFound(ctx, "job lifecycles are not configured");
            return true;
        }
        return false;
    }

    private static void notFound(Context ctx, String message) {
        ctx.status(404).json(Map.of("error", message));
    }
}
