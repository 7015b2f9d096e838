package dev.capstan.redis.outage;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs one outage of one kind of Redis work twice, however many threads see it fail: a WARN at the
 * first failure, an INFO with the outage's length at the first success after it. Thread-safe; the
 * failures in between log at DEBUG. {@link OutageBackoff} uses one per loop; threads that write the
 * same kind of thing (job outcomes from many job threads) share one.
 */
public final class OutageLog {
    private final String what;
    private final Logger log;
    private final AtomicLong outageStartNanos = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong outages = new AtomicLong();

    public OutageLog(String what, Logger log) {
        this.what = what;
        this.log = log;
    }

    /** Records a failure; the first of an outage logs a WARN. */
    public void failed(Throwable e, String retrying) {
        long n = failures.incrementAndGet();
        if (n == 1) {
            outageStartNanos.set(System.nanoTime());
            outages.incrementAndGet();
            log.warn("{}: Redis call failed ({}); {}, and logging once more when it works again",
                    what, RedisFailures.describe(e), retrying);
        } else if (log.isDebugEnabled()) {
            log.debug("{}: failure {} of this outage ({})", what, n, RedisFailures.describe(e));
        }
    }

    /** Records a success; the first after an outage logs an INFO with its length. */
    public void succeeded() {
        long n = failures.get();
        if (n > 0 && failures.compareAndSet(n, 0)) {
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - outageStartNanos.get());
            log.info("{}: Redis calls work again after an outage of {} ms ({} failed attempts)", what, ms, n);
        }
    }

    public boolean inOutage() {
        return failures.get() > 0;
    }

    /** Outages seen so far. */
    public long outages() {
        return outages.get();
    }
}
