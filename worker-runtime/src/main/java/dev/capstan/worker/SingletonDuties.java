package dev.capstan.worker;

import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.lock.LeaderElection;
import dev.capstan.redis.queue.ProcessingListReaper;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the duties that one process of the fleet should run (the reaper, the lifecycle sweeper,
 * the periodic scheduler, and the application's own {@link SingletonDuty}s): under a
 * {@link LeaderElection} when the worker has a leader lease, so that only the leader runs them, or
 * in this process at once when election is off (each of Capstan's own duties is safe to run in
 * several processes; election only saves the work).
 */
final class SingletonDuties {
    static final String LEADER_LOCK = "leader";

    private SingletonDuties() {}

    /** Starts the duties among {@code components}; returns the leader duties, or null without election. */
    static LeaderDuties start(WorkerSettings settings, String workerId, BackgroundComponents components) {
        CapstanRedis capstan = settings.capstan();
        List<SingletonDuty> duties = new ArrayList<>();
        if (settings.runReaper()) {
            ProcessingListReaper reaper = new ProcessingListReaper(capstan.broker(), capstan.codec(),
                    capstan.workers()::isOnline, settings.heartbeatTtl(), capstan.jobs().settler());
            duties.add(new ReaperDuty(reaper, settings.reaperInterval()));
            duties.add(new LifecycleSweeperDuty(capstan.jobs().sweeper(), settings.reaperInterval()));
        }
        if (settings.periodicScheduling()) {
            duties.add(new PeriodicSchedulingDuty(capstan));
        }
        duties.addAll(settings.singletonDuties());
        if (settings.leaderLease() == null) {
            duties.forEach(d -> components.start(BackgroundComponent.of(d.name(), d::start, d::stop)));
            return null;
        }
        LeaderDuties leaderDuties = new LeaderDuties(duties, workerId);
        LeaderElection election = new LeaderElection(capstan.redis(), capstan.namespace(), LEADER_LOCK,
                settings.leaderLease(), leaderDuties);
        components.start(BackgroundComponent.of("leader duties", () -> leaderDuties.start(election), leaderDuties::close));
        return leaderDuties;
    }
}
