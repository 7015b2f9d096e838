package dev.capstan.cli;

import dev.capstan.redis.CapstanRedis;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code capstan retry-dead QUEUE (--all | --id ID...)}: dead jobs back into their queue, attempts reset. */
@Command(name = "retry-dead", description = "Move dead jobs of a queue back into it, with their attempts reset.")
final class RetryDeadCommand implements Callable<Integer> {
    @ParentCommand
    CapstanCli cli;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "QUEUE")
    String queue;

    @ArgGroup(multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--all", required = true, description = "Every dead job of the queue")
        boolean all;
        @Option(names = "--id", required = true, paramLabel = "ID", description = "These dead jobs (repeatable)")
        List<String> ids;
    }

    @Override
    public Integer call() {
        try (CapstanRedis capstan = cli.connect()) {
            if (which.all) {
                long n = capstan.admin().retryAllDead(queue);
                spec.commandLine().getOut().println("retried " + n + " dead job(s) of queue " + queue);
                return 0;
            }
            int missing = 0;
            for (String id : which.ids) {
                if (capstan.admin().retryDead(queue, id)) {
                    spec.commandLine().getOut().println("retried " + id);
                } else {
                    spec.commandLine().getErr().println("capstan: no dead job " + id + " in queue " + queue);
                    missing++;
                }
            }
            return missing == 0 ? 0 : 2;
        }
    }
}
