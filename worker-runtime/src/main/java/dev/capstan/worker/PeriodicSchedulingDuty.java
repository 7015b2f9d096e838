package dev.capstan.worker;

import dev.capstan.redis.CapstanRedis;
import dev.capstan.scheduler.PeriodicScheduler;
import dev.capstan.scheduler.SchedulerOptions;

/**
 * Runs the periodic (cron and interval) schedules on the leader. Each tick is enqueued exactly once
 * by the tick key in its script whatever the number of schedulers; running it on the leader only
 * saves the other processes the work.
 */
final class PeriodicSchedulingDuty implements SingletonDuty {
    private final CapstanRedis capstan;
    private PeriodicScheduler scheduler;

    PeriodicSchedulingDuty(CapstanRedis capstan) {
        this.capstan = capstan;
    }

    @Override
    public String name() {
        return "periodic-scheduler";
    }

    @Override
    public synchronized void start() {
        if (scheduler == null) {
            scheduler = new PeriodicScheduler(capstan.redis(), capstan.settings(), capstan.codec(), SchedulerOptions.defaults()).start();
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.stop();
            scheduler = null;
        }
    }
}
