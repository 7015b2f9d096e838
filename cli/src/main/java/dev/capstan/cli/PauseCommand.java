package dev.capstan.cli;

import dev.capstan.api.QueueNames;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.flags.FeatureFlags;
import dev.capstan.redis.gates.JobGates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code capstan pause QUEUE}: workers stop fetching from it within about a second; running jobs finish. */
@Command(name = "pause", description = "Pause a queue: workers stop fetching from it (running jobs finish).")
final class PauseCommand implements Runnable {
    @ParentCommand
    CapstanCli cli;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "QUEUE")
    String queue;

    @Override
    public void run() {
        QueueNames.requireValidQueue(queue);
        try (CapstanRedis capstan = cli.connect(); FeatureFlags flags = new FeatureFlags(capstan.redis(), capstan.namespace())) {
            new JobGates(flags).pauseQueue(queue);
            spec.commandLine().getOut().println("paused queue " + queue);
        }
    }
}
