package dev.capstan.examples;

import dev.capstan.dashboard.Dashboard;
import dev.capstan.dashboard.PresenceWorkerDirectory;
import dev.capstan.dashboard.RedisSessionStore;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.flags.FeatureFlags;
import dev.capstan.redis.livestatus.LiveStatus;
import dev.capstan.redis.session.SessionStore;
import dev.capstan.scheduler.ScheduleAdmin;
import dev.capstan.scheduler.ScheduleView;
import dev.capstan.worker.LiveStatusProgress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Wires the dashboard to Capstan's Redis: admin API, workers, live progress, schedules, flags, sessions. */
final class DemoDashboard {
    private DemoDashboard() {}

    static Dashboard build(CapstanRedis capstan, FeatureFlags flags, String user, String password) {
        LiveStatus status = new LiveStatus(capstan.redis(), capstan.namespace());
        ScheduleAdmin schedules = new ScheduleAdmin(capstan.redis(), capstan.settings(), capstan.codec());
        return Dashboard.builder()
                .admin(capstan.admin())
                .workers(new PresenceWorkerDirectory(capstan.workers()))
                .progress(() -> status.current(LiveStatusProgress.TOPIC))
                .schedules(() -> schedules.list().stream().map(DemoDashboard::describe).toList())
                .flags(() -> {
                    Map<String, String> view = new LinkedHashMap<>();
                    flags.list().forEach(f -> view.put(f.name(), f.toString()));
                    return view;
                })
                .sessions(new RedisSessionStore(new SessionStore(capstan.redis(), capstan.namespace())))
                .credentials(user, password)
                .host("127.0.0.1")
                .build();
    }

    private static Map<String, String> describe(ScheduleView v) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("id", v.schedule().id());
        m.put("trigger", v.schedule().trigger().describe());
        m.put("type", v.schedule().jobType());
        m.put("queue", v.schedule().queue());
        m.put("enabled", Boolean.toString(v.schedule().enabled()));
        m.put("nextRun", String.valueOf(v.nextRun()));
        m.put("lastRun", String.valueOf(v.lastRun()));
        return m;
    }

}
