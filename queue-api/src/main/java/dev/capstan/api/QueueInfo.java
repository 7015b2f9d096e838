package dev.capstan.api;

/**
 * One queue at a glance: waiting jobs, the age in milliseconds of the oldest waiting job
 * (its latency), jobs in flight, scheduled, retry and dead counts, whether it is paused, and how many
 * live workers serve it (fetch from it): with none, its jobs wait however healthy the rest looks.
 *
 * <p>{@code error} is null for a queue that could be read. A queue whose data cannot be read (a key
 * of the wrong type, a name in the registry that is not a valid queue name) is still listed, with
 * zero counts and {@code error} saying what is wrong, so that one broken queue does not hide the
 * others.
 *
 * @param servingWorkers live workers that list this queue and are fetching (not quiet), or
 *                       {@link #UNKNOWN_WORKERS} when the admin API was built without presence
 */
public record QueueInfo(String name, long size, long latencyMillis, long inFlight,
                        long scheduled, long dead, boolean paused, int servingWorkers, String error) {

    /** {@link #servingWorkers} when it is not known. */
    public static final int UNKNOWN_WORKERS = -1;

    /** A queue that was read without trouble, whose serving workers are not known. */
    public QueueInfo(String name, long size, long latencyMillis, long inFlight, long scheduled, long dead,
                     boolean paused) {
        this(name, size, latencyMillis, inFlight, scheduled, dead, paused, UNKNOWN_WORKERS, null);
    }

    /** A queue that was read without trouble. */
    public QueueInfo(String name, long size, long latencyMillis, long inFlight, long scheduled, long dead,
                     boolean paused, int servingWorkers) {
        this(name, size, latencyMillis, inFlight, scheduled, dead, paused, servingWorkers, null);
    }

    /** A queue that could not be read, and why. */
    public static QueueInfo broken(String name, String error) {
        return new QueueInfo(name, 0, 0, 0, 0, 0, false, UNKNOWN_WORKERS, error);
    }

    /** True if the queue could be read ({@code error} is null). */
    public boolean readable() {
        return error == null;
    }

    /** False only when it is known that no live worker serves this queue. */
    public boolean served() {
        return servingWorkers != 0;
    }

    /** The same queue, paused or not. */
    public QueueInfo withPaused(boolean isPaused) {
        return new QueueInfo(name, size, latencyMillis, inFlight, scheduled, dead, isPaused, servingWorkers, error);
    }

    /** The same queue, served by this many live workers. */
    public QueueInfo withServingWorkers(int workers) {
        return new QueueInfo(name, size, latencyMillis, inFlight, scheduled, dead, paused, workers, error);
    }
}
