package dev.capstan.redis.lock;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import dev.capstan.redis.outage.OutageLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews one lease every third of its length until it is released or lost. A renewal that fails
 * with an error (Redis unreachable) is retried sooner, and the lease is declared lost when its local
 * deadline passes without a successful renewal: from then on another holder may have it.
 */
final class LockWatchdog {
    private static final Logger log = LoggerFactory.getLogger(LockWatchdog.class);

    private final RedisLock lock;
    private final LockLease lease;
    private final Runnable onLost;
    private final ScheduledExecutorService scheduler;
    private final long periodMs;
    private final AtomicBoolean lossReported = new AtomicBoolean();
    private final OutageLog outage;

    LockWatchdog(RedisLock lock, LockLease lease, Runnable onLost, ScheduledExecutorService scheduler) {
        this.lock = lock;
        this.lease = lease;
        this.onLost = onLost;
        this.scheduler = scheduler;
        this.periodMs = Math.max(1, lease.leaseTime().toMillis() / 3);
        this.outage = new OutageLog("renewing " + lease, log);
    }

    void start() {
        schedule(periodMs);
    }

    private void schedule(long delayMs) {
        if (lease.isReleased()) {
            return;
        }
        try {
            lease.renewal(scheduler.schedule(this::renew, delayMs, TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException e) {
            // the scheduler was shut down (owner closed): renewal ends, the lease runs out on its own
            log.debug("watchdog for {} stopped: scheduler shut down", lease);
        }
    }

    private void renew() {
        if (lease.isReleased()) {
            return;
        }
        if (lease.isLost()) {
            reportLoss();
            return;
        }
        try {
            if (lock.extend(lease, lease.leaseTime())) {
                outage.succeeded();
                schedule(periodMs);
            } else if (!lease.isReleased()) {
                reportLoss();
            }
        } catch (RuntimeException e) {
            long left = lease.remainingValidity().toMillis();
            outage.failed(e, "retrying within the " + left + " ms of lease left");
            if (left <= 0) {
                reportLoss();
            } else {
                // retry well within what is left, so a brief outage does not cost the lock
                schedule(Math.max(1, Math.min(periodMs, left / 3)));
            }
        }
    }

    /** Marks the lease lost and runs the callback, once, unless the holder released it meanwhile. */
    private void reportLoss() {
        lease.markLost();
        if (lease.isReleased() || !lossReported.compareAndSet(false, true)) {
            return;
        }
        try {
            onLost.run();
        } catch (RuntimeException e) {
            log.warn("lock loss callback for {} failed", lease, e);
        }
    }
}
