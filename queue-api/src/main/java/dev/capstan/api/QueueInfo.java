package dev.capstan.api;

/**
 * One queue at a glance: waiting jobs, the age in milliseconds of the oldest waiting job
 * (its latency), jobs in flight, and scheduled, retry and dead counts.
 *
 * <p>{@code error} is null for a queue that could be read. A queue whose data cannot be read (a key
 * of the wrong type, a name in the registry that is not a valid queue name) is still listed, with
 * zero counts and {@code error} saying what is wrong, so that one broken queue does not hide the
 * others.
 */
public record QueueInfo(String name, long size, long latencyMillis, long inFlight,
                        long scheduled, long dead, boolean paused, String error) {

    /** A queue that was read without trouble. */
    public QueueInfo(String name, long size, long latencyMillis, long inFlight, long scheduled, long dead, boolean paused) {
        this(name, size, latencyMillis, inFlight, scheduled, dead, paused, null);
    }

    /** A queue that could not be read, and why. */
    public static QueueInfo broken(String name, String error) {
        return new QueueInfo(name, 0, 0, 0, 0, 0, false, error);
    }

    /** True if the queue could be read ({@code error} is null). */
    public boolean readable() {
        return error == null;
    }

    /** The same queue, marked paused. */
    public QueueInfo withPaused(boolean paused) {
        return new QueueInfo(name, size, latencyMillis, inFlight, scheduled, dead, paused, error);
    }
}
