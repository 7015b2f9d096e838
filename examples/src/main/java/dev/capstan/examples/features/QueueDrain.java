package dev.capstan.examples.features;

import dev.capstan.api.QueueAdmin;
import dev.capstan.api.QueueInfo;
import java.time.Duration;

/** For the examples that wait for their jobs: polls a queue until nothing is waiting, running or scheduled. */
public final class QueueDrain {
    private QueueDrain() {}

    /** Returns the settled queue (look at its dead count), or throws when it is still busy after {@code timeout}. */
    public static QueueInfo await(QueueAdmin admin, String queue, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            QueueInfo info = admin.queue(queue);
            if (info.size() + info.inFlight() + info.scheduled() == 0) {
                return info;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("queue " + queue + " still busy after " + timeout + ": " + info);
            }
            Thread.sleep(50);
        }
    }
}
