package dev.capstan.cli;

import dev.capstan.api.QueueInfo;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.flags.FeatureFlags;
import dev.capstan.redis.gates.JobGates;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code capstan queues}: every queue with its waiting, in-flight, scheduled and dead counts. */
@Command(name = "queues", description = "List the queues with their sizes.")
final class QueuesCommand implements Runnable {
    @ParentCommand
    CapstanCli cli;
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        try (CapstanRedis capstan = cli.connect(); FeatureFlags flags = new FeatureFlags(capstan.redis(), capstan.namespace())) {
            JobGates gates = new JobGates(flags);
            List<QueueInfo> queues = capstan.admin().queues();
            if (queues.isEmpty()) {
                out.println("no queues in namespace '" + capstan.namespace().prefix() + "'");
                return;
            }
            out.printf("%-24s %9s %10s %9s %9s %9s  %s%n", "QUEUE", "WAITING", "LATENCY", "IN-FLIGHT", "SCHEDULED", "DEAD", "STATE");
            for (QueueInfo q : queues) {
                boolean paused = q.paused() || gates.isPaused(q.name());
                out.printf("%-24s %9d %10s %9d %9d %9d  %s%n", q.name(), q.size(), latency(q.latencyMillis()), q.inFlight(),
                        q.scheduled(), q.dead(), paused ? "paused" : "active");
            }
        }
    }

    static String latency(long millis) {
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis < 120_000) {
            return String.format("%.1fs", millis / 1000.0);
        }
        return (millis / 60_000) + "m";
    }
}
