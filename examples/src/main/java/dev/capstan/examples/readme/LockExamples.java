package dev.capstan.examples.readme;

import dev.capstan.redis.Namespace;
import dev.capstan.redis.RedisConnections;
import dev.capstan.redis.lock.LeaderElection;
import dev.capstan.redis.lock.LeadershipListener;
import dev.capstan.redis.lock.RedisLock;
import dev.capstan.redis.lock.RedisLocks;
import java.time.Duration;
import java.util.function.LongConsumer;
import redis.clients.jedis.UnifiedJedis;

/** The README's lock and leader election. */
public final class LockExamples {
    private LockExamples() {}

    // tag::locks[]
    static void writeReport(UnifiedJedis redis, LongConsumer writeWithToken) throws InterruptedException {
        try (RedisLocks locks = new RedisLocks(redis, Namespace.DEFAULT)) {
            RedisLock lock = locks.lock("nightly-report");
            lock.acquire(Duration.ofSeconds(30), Duration.ofSeconds(5)).ifPresent(lease -> {  // lease 30 s, wait 5 s at most
                lock.keepAlive(lease, () -> System.err.println("lost the lock"));   // optional watchdog
                try {
                    writeWithToken.accept(lease.fencingToken());  // the store refuses a token older than its last one
                } finally {
                    lock.release(lease);
                }
            });
        }
    }

    static LeaderElection electLeader(UnifiedJedis redis, LeadershipListener listener) {
        // listener: onElected(long fencingToken), onRevoked()
        LeaderElection election = new LeaderElection(redis, Namespace.DEFAULT, "scheduler",
                Duration.ofSeconds(15), listener);
        election.start();   // ... election.stop() hands leadership over at once
        return election;
    }
    // end::locks[]

    public static void main(String[] args) throws InterruptedException {
        try (UnifiedJedis redis = RedisConnections.connect(System.getenv().getOrDefault("REDIS_URL", "redis://localhost:6379"))) {
            writeReport(redis, token -> System.out.println("report written with fencing token " + token));
        }
    }
}
