package dev.capstan.worker;

import dev.capstan.redis.queue.FetchedJob;
import dev.capstan.redis.queue.JobSettler;
import dev.capstan.redis.queue.QueueBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a worker's unfinished jobs back where others can run them, without ever handing out a job that
 * may still run here: fetched jobs that will not be started (a paused queue, a shutdown), everything left
 * in the processing lists at shutdown except jobs whose threads would not stop, and a job whose handler
 * called System.exit (counting a recovery: it brought its worker down).
 */
final class UnfinishedJobs {
    private static final Logger log = LoggerFactory.getLogger(UnfinishedJobs.class);

    private final QueueBroker broker;
    private final JobSettler settler;
    private final Settle settle;
    private final HeldJobs held;
    private final RunningJobs running;
    private final IdempotencyGuard guard;
    private final String workerId;
    private final List<String> queues;
    private final int maxRecoveries;

    UnfinishedJobs(QueueBroker broker, JobSettler settler, Settle settle, HeldJobs held, RunningJobs running,
                   IdempotencyGuard guard, String workerId, List<String> queues) {
        this.broker = broker;
        this.settler = settler;
        this.settle = settle;
        this.held = held;
        this.running = running;
        this.guard = guard;
        this.workerId = workerId;
        this.queues = List.copyOf(queues);
        this.maxRecoveries = broker.settings().maxRecoveries();
    }

    /** Puts fetched jobs that will not be started back at the front of their queue. */
    void pushBack(String queue, List<String> elements) {
        List<QueueBroker.Move> moves = new ArrayList<>(elements.size());
        elements.forEach(e -> {
            moves.add(new QueueBroker.Move(e, e));
            held.settling(e);
        });
        settle.write(() -> broker.requeue(queue, workerId, moves),
                System.nanoTime() + Worker.SHUTDOWN_WRITE_TIMEOUT.toNanos());
        // Written or not, they are not ours to run: if they are still in the list, the reconciler returns them.
        elements.forEach(held::release);
    }

    /**
     * Jobs whose threads are inside System.exit caused this shutdown: their threads never end, so they
     * are not waited for. Each goes back to its queue now counting a recovery (or dead, past the limit).
     * Returns how many there were.
     */
    int returnJobsThatExited() {
        int exiting = 0;
        for (RunningJobs.Running r : running.entries()) {
            if (!ShutdownCause.isExiting(r.thread())) {
                continue;
            }
            exiting++;
            FetchedJob job = r.job();
            running.abandon(job);
            guard.releaseFor(job.element());
            boolean[] back = new boolean[1];
            settle.write(() -> back[0] = settler.requeueAsRecovered(job),
                    System.nanoTime() + Worker.SHUTDOWN_WRITE_TIMEOUT.toNanos());
            held.release(job.element());
            log.warn("job {} (type {}) called System.exit, shutting down worker {}: it {} (recoveries count toward the "
                    + "poison-pill limit of {})", job.job().id(), job.job().type(), workerId,
                    back[0] ? "goes back to its queue with one more recovery" : "went to the dead set", maxRecoveries);
        }
        return exiting;
    }

    /** The elements of jobs still running after they were asked to stop: their threads would not stop. */
    Set<String> threadsThatWouldNotStop(Duration heartbeatTtl) {
        Set<String> stuck = new HashSet<>();
        for (RunningJobs.Running r : running.entries()) {
            if (r.thread().isAlive() && !ShutdownCause.isExiting(r.thread())) {
                stuck.add(r.job().element());
                log.warn("job {} (type {}) did not stop when interrupted at shutdown: its thread is still running, so it "
                        + "stays in worker {}'s processing list (not pushed back, so that no other worker runs it "
                        + "at the same time); the reaper returns it once this worker's heartbeat has expired (in {} ms)",
                        r.job().job().id(), r.job().job().type(), workerId, heartbeatTtl.toMillis());
            }
        }
        return stuck;
    }

    /**
     * Pushes everything still in this worker's processing lists back to the front of its queue (running
     * jobs were awaited), except {@code stuck}; gives up at {@code deadlineNanos} while Redis is away.
     * Returns {pushed back, queues that could not be handled}.
     */
    long[] pushBackAll(Set<String> stuck, long deadlineNanos) {
        long[] result = new long[2];
        for (String queue : queues) {
            // A connection broken by an interrupted job is replaced on the next try. If Redis stays away
            // until the deadline, the reaper returns the jobs once this worker's heartbeat expires.
            boolean done = settle.write(() -> {
                List<QueueBroker.Move> moves = new ArrayList<>();
                boolean keep = false;
                for (String element : broker.processing(queue, workerId)) {
                    if (stuck.contains(element)) {
                        keep = true;
                    } else {
                        moves.add(new QueueBroker.Move(element, element));
                    }
                }
                result[0] += broker.requeue(queue, workerId, moves);
                if (!keep) {
                    broker.forgetWorker(queue, workerId);
                }
            }, deadlineNanos);
            if (!done) {
                result[1]++;
            }
        }
        return result;
    }
}
