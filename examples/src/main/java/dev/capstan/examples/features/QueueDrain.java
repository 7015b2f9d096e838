package dev.capstan.examples.features;

import dev.capstan.api.QueueAdmin;
import dev.capstan.api.QueueInfo;
import java.time.Duration;

/** For the examples that wait for their jobs: polls a queue until nothing is waiting, running or scheduled. */
public final class QueueDrain {
    /**
     * Each {@link QueueAdmin#queue} look is one moment's counts, but the example's own code may still be
     * adding jobs (a handler enqueuing a follow-up, a periodic tick) when a look finds none: the queue
     * must look empty this many times in a row.
     */
    private static final int EMPTY_LOOKS = 3;

    private QueueDrain() {}

    /** Returns the settled queue (look at its dead count), or throws when it is still busy after {@code timeout}. */
    public static QueueInfo await(QueueAdmin admin, String queue, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int empty = 0;
        while (true) {
            QueueInfo info = admin.queue(queue);
            empty = info.size() + info.inFlight() + info.scheduled() == 0 ? empty + 1 : 0;
            if (empty == EMPTY_LOOKS) {
                return info;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("queue " + queue + " still busy after " + timeout + ": " + info);
            }
            Thread.sleep(50);
        }
    }
}
