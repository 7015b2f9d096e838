package dev.capstan.worker;

import dev.capstan.redis.queue.ProcessingListReaper;
import java.time.Duration;

/** The reaper as a singleton duty: one process returns the jobs of dead workers. */
record ReaperDuty(ProcessingListReaper reaper, Duration interval) implements SingletonDuty {
    @Override
    public String name() {
        return "reaper";
    }

    @Override
    public void start() {
        reaper.start(interval);
    }

    @Override
    public void stop() {
        reaper.stop();
    }
}
