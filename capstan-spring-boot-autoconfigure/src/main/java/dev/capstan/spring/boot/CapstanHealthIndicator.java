package dev.capstan.spring.boot;

import dev.capstan.redis.CapstanRedis;
import dev.capstan.worker.Worker;
import java.util.Map;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Capstan's part of {@code /actuator/health}: DOWN when Redis does not answer, or when this
 * application's worker is not running (stopped or quiet); otherwise UP. Details: the Redis round
 * trip, the worker (id, state, busy/concurrency, queues) and the elected leader. A missing leader
 * does not make the application DOWN: an election takes up to one lease (15 s) after the last leader
 * went away, and restarting instances would not help.
 */
public class CapstanHealthIndicator extends AbstractHealthIndicator {
    private final CapstanRedis capstan;
    private final CapstanConnection connection;
    private final Worker worker;

    public CapstanHealthIndicator(CapstanRedis capstan, CapstanConnection connection, Worker worker) {
        super("Capstan health check failed");
        this.capstan = capstan;
        this.connection = connection;
        this.worker = worker;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        long start = System.nanoTime();
        try {
            capstan.redis().ping();
        } catch (RuntimeException e) {
            health.down(e).withDetail("redis", connection.description());
            return;
        }
        health.withDetail("redis", Map.of("at", connection.description(),
                "pingMillis", (System.nanoTime() - start) / 1_000_000.0));
        health.withDetail("leader", leader());
        if (worker == null) {
            health.up().withDetail("worker", "none in this application");
            return;
        }
        String state = worker.isRunning() ? "running" : worker.isQuiet() ? "quiet" : "stopped";
        health.withDetail("worker", Map.of("id", worker.id(), "state", state, "busy", worker.busy(),
                "concurrency", worker.concurrency(), "queues", worker.queues(), "leader", worker.isLeader()));
        if (worker.isRunning()) {
            health.up();
        } else {
            health.down();
        }
    }

    /** The online worker whose heartbeat says it leads, or "none" while an election is under way. */
    private String leader() {
        if (worker != null && worker.isLeader()) {
            return worker.id();
        }
        var presence = capstan.workers();
        for (String id : presence.online()) {
            if ("true".equals(presence.info(id).get("leader"))) {
                return id;
            }
        }
        return "none";
    }
}
