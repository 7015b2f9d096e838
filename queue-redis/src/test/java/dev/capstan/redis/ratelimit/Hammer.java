package dev.capstan.redis.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs a call in a loop on many threads at once for a bounded time. */
final class Hammer {
    private Hammer() {}

    /** {@code call} receives the thread index; every thread loops until {@code duration} has passed. */
    static void hammer(int threads, Duration duration, ThreadCall call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            long[] deadline = new long[1];
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    while (System.nanoTime() - deadline[0] < 0) {
                        call.run(thread);
                    }
                    return null;
                }));
            }
            deadline[0] = System.nanoTime() + duration.toNanos();
            start.countDown();
            for (Future<?> future : futures) {
                future.get(duration.toMillis() + 30_000, TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    interface ThreadCall {
        void run(int thread) throws Exception;
    }
}
