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

/** {@code capstan resume QUEUE}: workers fetch from it again. */
@Command(name = "resume", description = "Resume a paused queue.")
final class ResumeCommand implements Runnable {
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
            new JobGates(flags).resumeQueue(queue);
            spec.commandLine().getOut().println("resumed queue " + queue);
        }
    }
}
