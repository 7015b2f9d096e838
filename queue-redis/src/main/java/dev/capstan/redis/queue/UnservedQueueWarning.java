package dev.capstan.redis.queue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer's warning for a queue that no live worker serves: its jobs would wait silently (a
 * worker started with other queues never sees them). One WARN per queue when it is found unserved,
 * none while it stays so, and again only if it was served in between.
 *
 * <p>Cheap and quiet by design: an enqueue only looks up a timestamp in a map; the check itself (a
 * read of the workers' presence) runs on a background thread, at most once per queue per
 * {@code recheck}, and first {@code grace} after the first enqueue to the queue, so that a producer
 * started a little before its workers (the usual order in a deploy, a demo or a test) says nothing.
 */
public final class UnservedQueueWarning implements AutoCloseable {
    /** Default wait after the first enqueue to a queue before looking at who serves it. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
    /** Default time between two looks at the same queue. */
    public static final Duration DEFAULT_RECHECK = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(UnservedQueueWarning.class);

    private final ToIntFunction<String> servingWorkers;
    private final long graceMs;
    private final long recheckMs;
    private final Map<String, Long> nextCheckAt = new ConcurrentHashMap<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("capstan-unserved-queues").factory());

    public UnservedQueueWarning(ServingWorkers workers) {
        this(workers::count, DEFAULT_GRACE, DEFAULT_RECHECK);
    }

    public UnservedQueueWarning(ToIntFunction<String> servingWorkers, Duration grace, Duration recheck) {
        this.servingWorkers = servingWorkers;
        this.graceMs = grace.toMillis();
        this.recheckMs = recheck.toMillis();
    }

    /** Called on every enqueue: a map lookup, and at most once per queue per recheck a background check. */
    public void enqueued(String queue) {
        long now = System.currentTimeMillis();
        Long due = nextCheckAt.get(queue);
        if (due != null && now < due) {
            return;
        }
        long delay = due == null ? graceMs : 0;
        long next = now + delay + recheckMs;
        boolean mine = due == null ? nextCheckAt.putIfAbsent(queue, next) == null : nextCheckAt.replace(queue, due, next);
        if (mine) {
            try {
                checker.schedule(() -> check(queue), delay, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // closed: no more checks
            }
        }
    }

    private void check(String queue) {
        int serving;
        try {
            serving = servingWorkers.applyAsInt(queue);
        } catch (RuntimeException e) {
            log.debug("could not check which workers serve queue {}: {}", queue, e.toString());
            return;
        }
        if (serving > 0) {
            warned.remove(queue);
        } else if (warned.add(queue)) {
            log.warn("queue '{}' receives jobs but no live worker serves it: they wait until a worker that lists "
                    + "'{}' among its queues starts (the dashboard's Queues page shows who serves what)", queue, queue);
        }
    }

    @Override
    public void close() {
        checker.shutdownNow();
    }
}
