package dev.capstan.worker;

import dev.capstan.api.LogText;
import dev.capstan.redis.lock.LockLease;
import dev.capstan.redis.lock.RedisLock;
import dev.capstan.redis.lock.RedisLocks;
import dev.capstan.redis.queue.FetchedJob;
import dev.capstan.redis.queue.QueueBroker;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Effectively-once execution for jobs with an idempotency key.
 *
 * <p>Before a run: if the key's completion record exists, the job is acknowledged without running.
 * Otherwise the worker takes a lock on the key (a fencing token comes with it, handed to the
 * handler), kept alive by the lock's watchdog while the job runs, so two copies of the job (a
 * duplicate enqueue, a reaper recovery of a slow worker's job) never run at the same time; a copy
 * that finds the lock taken waits in the scheduled set and tries again. After a successful run the
 * acknowledgement and the completion record are written in one script.
 *
 * <p>What this does not do: make a handler's own side effects atomic with the completion record.
 * A worker that dies after its handler's side effect but before the acknowledgement leaves no
 * record, and the job runs again after recovery. Handlers that need exactly-once effects make
 * them idempotent by the key, or pass the fencing token to the resource they write.
 */
final class IdempotencyGuard {
    private static final Logger log = LoggerFactory.getLogger(IdempotencyGuard.class);
    /** How soon a copy that found the key locked tries again. */
    static final Duration BUSY_RETRY = Duration.ofSeconds(1);

    private final QueueBroker broker;
    private final RedisLocks locks;
    private final Duration retention;

    IdempotencyGuard(QueueBroker broker, RedisLocks locks, Duration retention) {
        this.broker = broker;
        this.locks = locks;
        this.retention = retention;
    }

    /** Decides whether this copy of the job runs. */
    Decision begin(FetchedJob fetched, Duration lease) {
        String key = fetched.job().idempotencyKey();
        String completedBy = broker.completedBy(fetched.queue(), key);
        if (completedBy != null) {
            return Decision.alreadyDone(completedBy);
        }
        RedisLock lock = locks.lock(lockName(fetched));
        Optional<LockLease> held = lock.tryAcquire(lease);
        if (held.isEmpty()) {
            return Decision.busy();
        }
        // Someone may have completed the key between our check and our lock.
        completedBy = broker.completedBy(fetched.queue(), key);
        if (completedBy != null) {
            lock.release(held.get());
            return Decision.alreadyDone(completedBy);
        }
        lock.keepAlive(held.get(), () -> log.warn("job {}: lost the lock on idempotency key {} while running",
                LogText.escape(fetched.job().id()), LogText.escape(key)));
        return Decision.run(lock, held.get());
    }

    /** Acknowledges the job and records its key as completed, in one step. */
    void complete(FetchedJob fetched) {
        broker.ackCompleted(fetched.queue(), fetched.workerId(), fetched.element(), fetched.job().id(),
                fetched.job().idempotencyKey(), retention);
    }

    void release(Decision decision) {
        if (decision.lock() != null) {
            decision.lock().release(decision.lease());
        }
    }

    private static String lockName(FetchedJob fetched) {
        return "idempotency:" + fetched.queue() + ":" + fetched.job().idempotencyKey()
                .replace('{', '(').replace('}', ')');
    }

    /** RUN with the lock held, ALREADY_DONE (acknowledge and skip), or BUSY (another copy is running). */
    record Decision(Kind kind, RedisLock lock, LockLease lease, String completedBy) {
        enum Kind { RUN, ALREADY_DONE, BUSY }

        static Decision run(RedisLock lock, LockLease lease) {
            return new Decision(Kind.RUN, lock, lease, null);
        }

        static Decision alreadyDone(String by) {
            return new Decision(Kind.ALREADY_DONE, null, null, by);
        }

        static Decision busy() {
            return new Decision(Kind.BUSY, null, null, null);
        }
    }
}
