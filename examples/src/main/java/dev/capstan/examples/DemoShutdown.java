package dev.capstan.examples;

import dev.capstan.redis.CapstanRedis;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Stops the demo in the one order that loses nothing, once, from whichever thread comes first (the
 * shutdown hook on Ctrl-C/SIGTERM, or main after {@code DEMO_SECONDS}): the demo's parts (the workers
 * need Redis to finish and push back their jobs), then the connection pool, then the Redis started
 * here. A single hook does it all because the JVM runs separate hooks at once, in no order.
 */
final class DemoShutdown {
    private final Demo.Running demo;
    private final CapstanRedis capstan;
    private final DemoRedis redis;
    private final CountDownLatch started = new CountDownLatch(1);
    private boolean done;

    DemoShutdown(Demo.Running demo, CapstanRedis capstan, DemoRedis redis) {
        this.demo = demo;
        this.capstan = capstan;
        this.redis = redis;
    }

    void run() {
        started.countDown();
        synchronized (this) {
            if (done) {
                return;
            }
            try {
                demo.close();
                capstan.close();
            } finally {
                redis.close();
                done = true;
            }
        }
    }

    boolean started() {
        return started.getCount() == 0;
    }

    /** Waits up to {@code timeout} for the shutdown to begin; true if it has. */
    boolean awaitStarted(long timeout, TimeUnit unit) throws InterruptedException {
        return started.await(timeout, unit);
    }
}
