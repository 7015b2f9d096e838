package dev.capstan.dashboard;

import dev.capstan.redis.flags.FlagState;
import dev.capstan.redis.gates.JobGates;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@link Controls} over {@link JobGates}: each action is one flag write that every worker hears
 * through pub/sub within about a second (and at the latest on its next full flag refresh).
 *
 * <p>Reads come from the flags' local cache, so {@link #isPaused} costs nothing after the first
 * read of each queue; {@link #switchedOffTypes} lists every flag's name (one Redis read) and picks
 * the enabled {@code type-off.*} ones. Type names are shown as their flag spells them: braces read
 * as parentheses, which switch the same type on again.
 *
 * <p>The gates are Capstan's internal flags, apart from the application's: they never show on the
 * Flags tab. A worker deletes its quiet request when it stops.
 */
public final class JobGatesControls implements Controls {
    private static final String TYPE_OFF_PREFIX = JobGates.typeOffFlag("");

    private final JobGates gates;

    public JobGatesControls(JobGates gates) {
        this.gates = Objects.requireNonNull(gates, "gates");
    }

    @Override
    public void pauseQueue(String queue) {
        gates.pauseQueue(queue);
    }

    @Override
    public void resumeQueue(String queue) {
        gates.resumeQueue(queue);
    }

    @Override
    public boolean isPaused(String queue) {
        return gates.isPaused(queue);
    }

    @Override
    public void quietWorker(String workerId) {
        gates.quietWorker(workerId);
    }

    @Override
    public void switchOff(String jobType) {
        gates.switchOff(jobType);
    }

    @Override
    public void switchOn(String jobType) {
        gates.switchOn(jobType);
    }

    @Override
    public List<String> switchedOffTypes() {
        List<String> types = new ArrayList<>();
        for (FlagState flag : gates.flags().list()) {
            if (flag.enabled() && flag.name().startsWith(TYPE_OFF_PREFIX)) {
                types.add(flag.name().substring(TYPE_OFF_PREFIX.length()));
            }
        }
        return types;
    }
}
