package dev.capstan.redis.lifecycle;

import dev.capstan.api.JobStatus;
import dev.capstan.redis.pubsub.Subscription;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Waits for tracked jobs to finish without polling. One subscription per process (to the
 * job-finished channel, opened on the first wait) serves every waiter. A wait subscribes first, then
 * reads the status and marks it awaited in one step (watch.lua): a job that finished before is seen
 * in that read, one that finishes after publishes its id because it is marked. The subscription is a
 * {@link Subscription}: a connection of its own (never a pooled one), kept alive, reconnected with
 * backoff, its loss logged once per outage. Messages lost while it was down are made up for by
 * reading every waited-for status again when it is subscribed again (and when it is first set up,
 * should that come only after a wait began).
 */
final class JobWaiter implements AutoCloseable {
    private static final Duration SUBSCRIBE_WAIT = Duration.ofSeconds(5);

    private final LifecycleBroker broker;
    private final StatusReader reader;
    private final Map<String, Set<Semaphore>> waiters = new ConcurrentHashMap<>();
    private Subscription subscription;
    private volatile boolean closed;

    JobWaiter(LifecycleBroker broker, StatusReader reader) {
        this.broker = broker;
        this.reader = reader;
    }

    JobStatus await(String jobId, Duration timeout) throws InterruptedException {
        String queue = TrackedIds.queueOf(jobId);
        long deadline = System.nanoTime() + timeout.toNanos();
        subscribe();
        Semaphore signal = new Semaphore(0);
        waiters.computeIfAbsent(jobId, id -> ConcurrentHashMap.newKeySet()).add(signal);
        try {
            JobStatus status = reader.read(jobId, broker.watch(queue, jobId), System.currentTimeMillis());
            if (status == null) {
                throw new IllegalArgumentException("job " + jobId + " has no status: it was not enqueued with "
                        + "keepResult (or a retention for its type), or its retention has passed");
            }
            while (!status.isFinal()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !signal.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                    break;
                }
                signal.drainPermits();
                JobStatus now = reader.read(jobId, broker.status(queue, jobId), System.currentTimeMillis());
                if (now == null) {
                    break; // deleted meanwhile: report what we saw last
                }
                status = now;
            }
            return status;
        } finally {
            Set<Semaphore> set = waiters.get(jobId);
            if (set != null) {
                set.remove(signal);
                waiters.computeIfPresent(jobId, (id, s) -> s.isEmpty() ? null : s);
            }
        }
    }

    private synchronized void subscribe() {
        if (closed) {
            throw new IllegalStateException("this job tracker is closed");
        }
        if (subscription == null) {
            subscription = Subscription.start(broker.redis(), "capstan-job-finished", new Subscription.Listener() {
                @Override
                public void subscribed(boolean resubscribed) {
                    lookAgain();
                }

                @Override
                public void message(String channel, String jobId) {
                    finished(jobId);
                }
            }, broker.keys().finishedChannel());
            // Not confirmed in time (Redis away): the wait goes on; lookAgain() runs once it is subscribed.
            subscription.awaitSubscribed(SUBSCRIBE_WAIT);
        }
    }

    private void finished(String jobId) {
        Set<Semaphore> set = waiters.get(jobId);
        if (set != null) {
            set.forEach(Semaphore::release);
        }
    }

    /** (Re)subscribed: finish messages may have been missed meanwhile, so every waiter reads its status again. */
    private void lookAgain() {
        waiters.values().forEach(set -> set.forEach(Semaphore::release));
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
    }
}
