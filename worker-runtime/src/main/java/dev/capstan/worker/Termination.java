package dev.capstan.worker;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A worker's end, as its {@code main} waits for it: {@link #keepJvmAlive} starts the one non-daemon
 * thread of a worker (every other Capstan thread is a daemon), which waits until {@link #reached()},
 * so that a {@code main} that starts a worker and returns leaves a running worker process behind,
 * as a Sidekiq or BullMQ worker process does.
 */
final class Termination {
    private final CountDownLatch terminated = new CountDownLatch(1);

    void keepJvmAlive() {
        Thread.ofPlatform().daemon(false).name("capstan-worker-alive").start(this::awaitUninterruptibly);
    }

    /** The worker is closed: waiters return and the JVM may exit. */
    void reached() {
        terminated.countDown();
    }

    void await() throws InterruptedException {
        terminated.await();
    }

    boolean await(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void awaitUninterruptibly() {
        boolean interrupted = false;
        while (terminated.getCount() > 0) {
            try {
                terminated.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
