package dev.capstan.worker;

import dev.capstan.redis.lock.LeaderElection;
import dev.capstan.redis.lock.LeadershipListener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background component that takes part in the cluster's leader election and, while this process
 * leads, runs the singleton duties. A new leader takes over within about one lease when the old one
 * stops (at once) or dies (after its lease).
 */
final class LeaderDuties implements LeadershipListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaderDuties.class);

    private final List<SingletonDuty> duties;
    private final String workerId;
    private LeaderElection election;
    private volatile boolean leading;
    private volatile long fencingToken = -1;

    LeaderDuties(List<SingletonDuty> duties, String workerId) {
        this.duties = List.copyOf(duties);
        this.workerId = workerId;
    }

    void start(LeaderElection election) {
        this.election = election;
        election.start();
    }

    boolean isLeader() {
        return leading;
    }

    long fencingToken() {
        return fencingToken;
    }

    @Override
    public void onElected(long token) {
        fencingToken = token;
        leading = true;
        log.info("worker {} is the leader (fencing token {}); starting {}", workerId, token,
                duties.stream().map(SingletonDuty::name).toList());
        for (SingletonDuty duty : duties) {
            try {
                duty.start();
            } catch (RuntimeException e) {
                log.error("singleton duty {} failed to start: {}", duty.name(), e.toString());
            }
        }
    }

    @Override
    public void onRevoked() {
        leading = false;
        log.info("worker {} is no longer the leader; stopping its duties", workerId);
        for (SingletonDuty duty : duties) {
            try {
                duty.stop();
            } catch (RuntimeException e) {
                log.warn("singleton duty {} failed to stop: {}", duty.name(), e.toString());
            }
        }
    }

    @Override
    public void close() {
        if (election != null) {
            election.stop();
        }
    }
}
