package dev.capstan.api;

/**
 * One queue at a glance: waiting jobs, the age in milliseconds of the oldest waiting job
 * (its latency), jobs in flight, scheduled, retry and dead counts, whether it is paused, and how many
 * live workers serve it (fetch from it): with none, its jobs wait however healthy the rest looks.
 *
 * @param servingWorkers live workers that list this queue and are fetching (not quiet), or
 *                       {@link #UNKNOWN_WORKERS} when the admin API was built without presence
 */
public record QueueInfo(String name, long size, long latencyMillis, long inFlight,
                        long scheduled, long dead, boolean paused, int servingWorkers) {

    /** {@link #servingWorkers} when it is not known. */
    public static final int UNKNOWN_WORKERS = -1;

    /** A queue whose serving workers are not known. */
    public QueueInfo(String name, long size, long latencyMillis, long inFlight, long scheduled, long dead,
                     boolean paused) {
        this(name, size, latencyMillis, inFlight, scheduled, dead, paused, UNKNOWN_WORKERS);
    }

    /** False only when it is known that no live worker serves this queue. */
    public boolean served() {
        return servingWorkers != 0;
    }

    /** The same queue, paused or not. */
    public QueueInfo withPaused(boolean isPaused) {
        return new QueueInfo(name, size, latencyMillis, inFlight, scheduled, dead, isPaused, servingWorkers);
    }
}
