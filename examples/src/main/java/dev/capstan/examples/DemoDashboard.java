package dev.capstan.examples;

import dev.capstan.dashboard.Dashboard;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.counter.TimeSeriesCounter;
import dev.capstan.redis.flags.FeatureFlags;
import dev.capstan.redis.gates.JobGates;
import dev.capstan.redis.livestatus.LiveStatus;
import dev.capstan.redis.ratelimit.RateLimiters;
import dev.capstan.redis.session.SessionStore;
import dev.capstan.scheduler.ScheduleAdmin;

/**
 * Wires the dashboard to Capstan's Redis: admin API, workers, the switches workers obey (pause,
 * quiet, switch off), throughput charts, live progress, schedules, flags, job lifecycles (status,
 * cancel, batches), sessions and the login throttle, each given as the Capstan object it shows.
 */
final class DemoDashboard {
    private DemoDashboard() {}

    static Dashboard build(CapstanRedis capstan, FeatureFlags flags, String user, String password) {
        return Dashboard.builder()
                .admin(capstan.admin())
                .workers(capstan.workers())
                .controls(new JobGates(flags))
                .stats(new TimeSeriesCounter(capstan.redis(), capstan.namespace()))
                .progress(new LiveStatus(capstan.redis(), capstan.namespace()))
                .schedules(new ScheduleAdmin(capstan.redis(), capstan.settings(), capstan.codec()))
                .flags(flags)
                .lifecycle(capstan.jobs())
                .sessions(new SessionStore(capstan.redis(), capstan.namespace()))
                .loginThrottle(RateLimiters.on(capstan.redis(), capstan.namespace()))
                .credentials(user, password)
                .build();
    }
}
