package dev.capstan.cli;

import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.queue.QueueSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code capstan}: look into and repair Capstan's queues from a terminal. Each subcommand is a class of
 * its own; they share the connection options here.
 *
 * <pre>
 * capstan queues
 * capstan job 01J...
 * capstan retry-dead payments --all
 * capstan pause payments / capstan resume payments
 * capstan enqueue --type send-welcome-email --args '{"userId":42,"email":"ada@example.com"}'
 * </pre>
 */
@Command(name = "capstan", mixinStandardHelpOptions = true, version = "capstan 0.1.0",
        description = "Inspect and repair Capstan queues on Redis.",
        subcommands = {QueuesCommand.class, JobCommand.class, RetryDeadCommand.class, PauseCommand.class,
                ResumeCommand.class, EnqueueCommand.class, CommandLine.HelpCommand.class})
public final class CapstanCli implements Runnable {

    @Option(names = "--redis", description = "Redis URL (default: $REDIS_URL, else redis://localhost:6379)")
    String redisUrl;

    @Option(names = "--namespace", defaultValue = "capstan", description = "Key prefix (default: ${DEFAULT-VALUE})")
    String namespace;

    @Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling: a failure prints one line, not a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new CapstanCli());
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("capstan: " + e.getMessage());
            return 1;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    CapstanRedis connect() {
        String url = redisUrl != null ? redisUrl
                : System.getenv("REDIS_URL") != null ? System.getenv("REDIS_URL") : "redis://localhost:6379";
        return CapstanRedis.connect(url, QueueSettings.defaults(new Namespace(namespace)));
    }
}
