package dev.capstan.examples.features.lock;

import dev.capstan.examples.DemoRedis;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.lock.LockLease;
import dev.capstan.redis.lock.RedisLock;
import dev.capstan.redis.lock.RedisLocks;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A lock around a cron task: three instances of an application each run the same timer (every
 * second here, nightly in real life), their clocks a little apart; a Redis lock makes one of them
 * do the work per tick. The lock is held for at least 800 ms even when the task is quicker, so an
 * instance whose timer fires a moment later still finds it taken (ShedLock's "lock at least"; for a
 * nightly task, minutes: longer than the clocks and timers of the instances can disagree);
 * the lease bounds how long a crashed holder blocks the task ("lock at most"). Each run gets a
 * fencing token that increases strictly, to hand to whatever the task writes.
 *
 * <pre>
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=dev.capstan.examples.features.lock.LockedCronTask
 * </pre>
 */
public final class LockedCronTask {
    static final Duration LOCK_AT_MOST = Duration.ofSeconds(30);
    static final Duration LOCK_AT_LEAST = Duration.ofMillis(800);   // less than the period, more than the skew

    /** One firing of an instance's timer: whether it ran the task (with which fencing token) or found it taken. */
    public record Run(String instance, Instant at, boolean ran, long fencingToken) {}

    private LockedCronTask() {}

    /** What each instance's timer calls. */
    static void onTimer(RedisLock lock, String instance, List<Run> runs) {
        lock.tryAcquire(LOCK_AT_MOST).ifPresentOrElse(lease -> {
            long started = System.nanoTime();
            try {
                writeReport(instance, lease, runs);
            } finally {
                Duration left = LOCK_AT_LEAST.minusNanos(System.nanoTime() - started);
                if (left.isPositive()) {
                    lock.extend(lease, left);   // keep it until the other instances' timers have fired
                } else {
                    lock.release(lease);
                }
            }
        }, () -> skip(instance, runs));        // another instance has this tick
    }

    private static void writeReport(String instance, LockLease lease, List<Run> runs) {
        runs.add(new Run(instance, Instant.now(), true, lease.fencingToken()));
        System.out.printf("%s  %s writes the report (fencing token %d)%n", LocalTime.now(), instance, lease.fencingToken());
    }

    private static void skip(String instance, List<Run> runs) {
        runs.add(new Run(instance, Instant.now(), false, 0));
        System.out.printf("%s  %s: taken, skipped%n", LocalTime.now(), instance);
    }

    public static void main(String[] args) throws Exception {
        try (DemoRedis redis = DemoRedis.open(); CapstanRedis capstan = CapstanRedis.connect(redis.url())) {
            run(capstan, 5);
        }
    }

    /** Three instances, timers 0, 100 and 200 ms apart, for {@code ticks} seconds; returns every firing. */
    public static List<Run> run(CapstanRedis capstan, int ticks) throws InterruptedException {
        List<Run> runs = new CopyOnWriteArrayList<>();
        try (RedisLocks locks = new RedisLocks(capstan.redis(), capstan.namespace())) {
            RedisLock lock = locks.lock("nightly-report");
            long firstTick = (System.currentTimeMillis() / 1000 + 1) * 1000;   // the next whole second
            List<ScheduledExecutorService> instances = List.of("instance-a", "instance-b", "instance-c").stream()
                    .map(name -> {
                        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
                        long skew = 100L * (name.charAt(name.length() - 1) - 'a');
                        timer.scheduleAtFixedRate(() -> onTimer(lock, name, runs),
                                firstTick + skew - System.currentTimeMillis(), 1000, TimeUnit.MILLISECONDS);
                        return timer;
                    }).toList();
            Thread.sleep(firstTick - System.currentTimeMillis() + ticks * 1000L - 500);
            instances.forEach(ScheduledExecutorService::shutdownNow);
            for (ScheduledExecutorService timer : instances) {
                timer.awaitTermination(5, TimeUnit.SECONDS);
            }
        }
        return List.copyOf(runs);
    }
}
