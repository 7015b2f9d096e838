package dev.capstan.examples;

import dev.capstan.dashboard.Dashboard;
import dev.capstan.dashboard.JobGatesControls;
import dev.capstan.dashboard.PresenceWorkerDirectory;
import dev.capstan.dashboard.RedisSessionStore;
import dev.capstan.dashboard.TimeSeriesStatsSource;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.counter.TimeSeriesCounter;
import dev.capstan.redis.flags.FeatureFlags;
import dev.capstan.redis.flags.FlagState;
import dev.capstan.redis.gates.JobGates;
import dev.capstan.redis.livestatus.LiveStatus;
import dev.capstan.redis.session.SessionStore;
import dev.capstan.scheduler.ScheduleAdmin;
import dev.capstan.scheduler.ScheduleView;
import dev.capstan.worker.LiveStatusProgress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Wires the dashboard to Capstan's Redis: admin API, workers, the switches workers obey (pause,
 * quiet, switch off), throughput charts, live progress, schedules, flags, job lifecycles (status,
 * cancel, batches), sessions.
 */
final class DemoDashboard {
    private DemoDashboard() {}

    static Dashboard build(CapstanRedis capstan, FeatureFlags flags, String user, String password) {
        LiveStatus status = new LiveStatus(capstan.redis(), capstan.namespace());
        ScheduleAdmin schedules = new ScheduleAdmin(capstan.redis(), capstan.settings(), capstan.codec());
        return Dashboard.builder()
                .admin(capstan.admin())
                .workers(new PresenceWorkerDirectory(capstan.workers()))
                .controls(new JobGatesControls(new JobGates(flags)))
                .stats(new TimeSeriesStatsSource(new TimeSeriesCounter(capstan.redis(), capstan.namespace())))
                .progress(() -> status.current(LiveStatusProgress.TOPIC))
                .schedules(() -> schedules.list().stream().map(DemoDashboard::describe).toList())
                .flags(() -> {
                    Map<String, String> view = new LinkedHashMap<>();
                    flags.list().forEach(f -> view.put(f.name(), describe(f)));
                    return view;
                })
                .lifecycle(capstan.jobs())
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
        m.put("nextRun", v.nextRun() == null ? "" : v.nextRun().toString());
        m.put("lastRun", v.lastRun() == null ? "never" : v.lastRun().toString());
        return m;
    }

    private static String describe(FlagState f) {
        StringBuilder s = new StringBuilder(f.enabled() ? "on" : "off");
        if (f.enabled() && f.rolloutPercent() < 100) {
            s.append(" for ").append(f.rolloutPercent()).append('%');
        }
        if (!f.allowList().isEmpty()) {
            s.append(", allowed ").append(f.allowList().size());
        }
        if (!f.denyList().isEmpty()) {
            s.append(", denied ").append(f.denyList().size());
        }
        return s.append(" (v").append(f.version()).append(", ").append(f.updatedAt()).append(')').toString();
    }

}
