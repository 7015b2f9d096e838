package dev.capstan.worker;

import dev.capstan.api.LogText;
import dev.capstan.redis.queue.FetchedJob;
import dev.capstan.redis.queue.QueueBroker;
import dev.capstan.redis.queue.QueueBroker.KeyBegin;
import dev.capstan.redis.queue.QueueBroker.KeyCompletion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Effectively-once execution for jobs with an idempotency key.
 *
 * <p>Before a run, one script ({@code key_begin.lua}) checks the key's completion record (completed:
 * the job is acknowledged without running) and takes the key's lock ({@code ns:{q}:keylock:KEY},
 * in the queue's slot), with a fencing token for the handler. A copy that finds the lock taken waits
 * in the scheduled set and tries again (the admin API shows it as waiting for its key). After a
 * successful run one script acknowledges the job, records the completion and releases the lock,
 * and only if this copy still holds the lock.
 *
 * <p>The lock does not outlive its holder: its lease is the worker's heartbeat TTL, renewed with each
 * heartbeat ({@link #renewAll}), and the reaper deletes it when it declares the holder dead and returns
 * its job. A copy whose lock was lost (its worker was frozen or cut off past its TTL) is fenced off:
 * it is stopped and its completion is not recorded over the copy that took over.
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
    private final String workerId;
    private final Duration lease;
    private final Duration retention;
    /** Locks held by this worker's running copies, by element. */
    private final Map<String, Decision> held = new ConcurrentHashMap<>();

    IdempotencyGuard(QueueBroker broker, String workerId, Duration lease, Duration retention) {
        this.broker = broker;
        this.workerId = workerId;
        this.lease = lease;
        this.retention = retention;
    }

    /** Decides whether this copy of the job runs; one round trip. */
    Decision begin(FetchedJob fetched) {
        String key = fetched.job().idempotencyKey();
        KeyBegin begun = broker.beginKeyed(fetched.queue(), key, workerId, fetched.job().id(), lease);
        Decision decision = switch (begun.kind()) {
            case DONE -> new Decision(Decision.Kind.ALREADY_DONE, fetched, null, begun.value());
            case BUSY -> new Decision(Decision.Kind.BUSY, fetched, begun.value(), null);
            case LOCKED -> new Decision(Decision.Kind.RUN, fetched, begun.value(), null);
        };
        if (decision.kind() == Decision.Kind.RUN) {
            held.put(fetched.element(), decision);
        }
        return decision;
    }

    /**
     * Acknowledges the job, records its key as completed and releases the lock, in one step, if this
     * copy still holds the lock. Returns false when it does not (nothing was written).
     */
    boolean complete(Decision decision) {
        FetchedJob fetched = decision.fetched();
        KeyCompletion result = broker.ackCompleted(fetched.queue(), fetched.workerId(), fetched.element(),
                fetched.job().id(), fetched.job().idempotencyKey(), decision.lockValue(), retention);
        if (result != KeyCompletion.LOCK_LOST) {
            held.remove(fetched.element()); // the script released the lock
        }
        return result != KeyCompletion.LOCK_LOST;
    }

    /** Releases the lock after a run that did not complete the key (failure, retry, fenced, shutdown). */
    void release(Decision decision) {
        if (held.remove(decision.fetched().element()) == null) {
            return; // completed (released by the completion script) or never locked
        }
        FetchedJob fetched = decision.fetched();
        try {
            broker.releaseKeyLocks(fetched.queue(), List.of(fetched.job().idempotencyKey()), List.of(decision.lockValue()));
        } catch (RuntimeException e) {
            // Its lease ends it within the heartbeat TTL; the reaper also frees it if this worker dies.
            log.debug("job {}: could not release the lock of key {} ({}); it expires with its lease",
                    LogText.escape(fetched.job().id()), LogText.escape(fetched.job().idempotencyKey()), LogText.escape(e));
        }
    }

    /**
     * Renews every lock this worker holds (one round trip per queue; called with each heartbeat) and
     * returns the elements whose lock is gone: those copies must stop.
     */
    List<String> renewAll() {
        Map<String, List<Decision>> byQueue = new LinkedHashMap<>();
        for (Decision d : held.values()) {
            byQueue.computeIfAbsent(d.fetched().queue(), q -> new ArrayList<>()).add(d);
        }
        List<String> lost = new ArrayList<>();
        for (Map.Entry<String, List<Decision>> e : byQueue.entrySet()) {
            List<String> keys = new ArrayList<>();
            List<String> values = new ArrayList<>();
            e.getValue().forEach(d -> {
                keys.add(d.fetched().job().idempotencyKey());
                values.add(d.lockValue());
            });
            List<Boolean> renewed = broker.renewKeyLocks(e.getKey(), keys, values, lease);
            for (int i = 0; i < renewed.size(); i++) {
                Decision d = e.getValue().get(i);
                if (!renewed.get(i) && held.remove(d.fetched().element(), d)) {
                    lost.add(d.fetched().element());
                }
            }
        }
        return lost;
    }

    /** Releases the lock held for {@code element}'s running copy, if any (its job is pushed back at shutdown). */
    void releaseFor(String element) {
        Decision d = held.get(element);
        if (d != null) {
            release(d);
        }
    }

    int locksHeld() {
        return held.size();
    }

    /**
     * RUN with the lock held ({@code lockValue} = "worker job token"), ALREADY_DONE (acknowledge and
     * skip; {@code completedBy} = the job that completed the key), or BUSY ({@code lockValue} = the holder).
     */
    record Decision(Kind kind, FetchedJob fetched, String lockValue, String completedBy) {
        enum Kind { RUN, ALREADY_DONE, BUSY }

        long fencingToken() {
            return Long.parseLong(lockValue.substring(lockValue.lastIndexOf(' ') + 1));
        }
    }
}
