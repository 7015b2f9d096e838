package dev.capstan.worker;

import dev.capstan.redis.lifecycle.LifecycleSweeper;
import java.time.Duration;

/** The lifecycle sweeper as a singleton duty: the leader finishes bookkeeping left half-done by dead processes. */
record LifecycleSweeperDuty(LifecycleSweeper sweeper, Duration interval) implements SingletonDuty {
    @Override
    public String name() {
        return "lifecycle-sweeper";
    }

    @Override
    public void start() {
        sweeper.start(interval);
    }

    @Override
    public void stop() {
        sweeper.stop();
    }
}
