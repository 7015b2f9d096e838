package dev.capstan.dashboard;

import java.util.List;
import java.util.Objects;

/**
 * Jobs processed and failed per minute, per queue, for the throughput charts. Optional; without
 * it the page draws no charts.
 *
 * <p>{@link TimeSeriesStatsSource} reads the cluster-wide counters Capstan's workers write. The
 * dashboard asks for every queue on each poll of the queues page (every 2 s while it is open).
 */
@FunctionalInterface
public interface StatsSource {

    /** The last {@code minutes} minutes of {@code queue} up to and including the current one, oldest first. */
    Throughput perMinute(String queue, int minutes);

    /**
     * Counts per minute, oldest first, with 0 for minutes without jobs.
     *
     * @param firstMinute start of the first minute, epoch milliseconds
     * @param processed   jobs that finished successfully, one entry per minute
     * @param failed      runs that failed (each failed attempt counts), same length as {@code processed}
     */
    record Throughput(long firstMinute, List<Long> processed, List<Long> failed) {
        public Throughput {
            processed = List.copyOf(Objects.requireNonNull(processed, "processed"));
            failed = List.copyOf(Objects.requireNonNull(failed, "failed"));
            if (processed.size() != failed.size()) {
                throw new IllegalArgumentException("processed has " + processed.size() + " minutes, failed "
                        + failed.size());
            }
        }

        /** Start of the last (current) minute, epoch milliseconds. */
        public long lastMinute() {
            return firstMinute + (processed.size() - 1) * 60_000L;
        }
    }
}
