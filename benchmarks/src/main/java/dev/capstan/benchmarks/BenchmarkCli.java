package dev.capstan.benchmarks;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The benchmark jar's entry point: {@code java -jar capstan-benchmarks.jar <command> [options]}.
 * Every command prints human-readable progress on stderr and its result as ONE JSON line, last,
 * on stdout, so scripts can take {@code tail -1}.
 */
@Command(name = "capstan-benchmarks", mixinStandardHelpOptions = true,
        description = "Capstan benchmarks against a real Redis (see BENCHMARKS.md).",
        subcommands = {ThroughputCommand.class, CountCommandsCommand.class, LatencyCommand.class, ScheduledCommand.class,
                PrimitivesCommand.class, ChartsCommand.class, ShortenerCommand.class, ThrottleCommand.class,
                LifecycleCommand.class, ScaleOutCommand.class})
public final class BenchmarkCli implements Runnable {

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** A picocli command line with the benchmark's exit-code conventions. */
    public static CommandLine newCommandLine() {
        return new CommandLine(new BenchmarkCli());
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.err);
    }
}
