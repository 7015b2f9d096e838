package dev.capstan.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.api.EnqueueResult;
import dev.capstan.api.JobRequest;
import dev.capstan.redis.CapstanRedis;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code capstan enqueue --type T --args JSON}: one job from the command line, its arguments as JSON
 * given inline, from a file ({@code --args @file.json}) or from standard input ({@code --args -}).
 */
@Command(name = "enqueue", description = "Enqueue a job whose arguments are given as JSON.")
final class EnqueueCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    CapstanCli cli;
    @Spec
    CommandSpec spec;
    @Option(names = "--type", required = true, description = "The job type, as its handler names it")
    String type;
    @Option(names = "--args", defaultValue = "{}", description = "Arguments as JSON; @FILE reads a file, - reads standard input (default: {})")
    String args;
    @Option(names = "--queue", defaultValue = "default", description = "Queue (default: ${DEFAULT-VALUE})")
    String queue;
    @Option(names = "--in", description = "Run after this delay, e.g. PT10M or 10m")
    String delay;
    @Option(names = "--max-attempts", description = "Attempts before the dead set")
    Integer maxAttempts;
    @Option(names = "--idempotency-key", description = "Complete at most once per key")
    String idempotencyKey;

    @Override
    public Integer call() throws IOException {
        JsonNode parsed;
        try {
            parsed = JSON.readTree(read(args));
        } catch (JsonProcessingException e) {
            spec.commandLine().getErr().println("capstan: --args is not valid JSON: " + e.getOriginalMessage());
            return 2;
        }
        JobRequest request = JobRequest.of(type, parsed).queue(queue);
        if (delay != null) {
            request.runIn(parseDelay(delay));
        }
        if (maxAttempts != null) {
            request.maxAttempts(maxAttempts);
        }
        if (idempotencyKey != null) {
            request.idempotencyKey(idempotencyKey);
        }
        try (CapstanRedis capstan = cli.connect()) {
            EnqueueResult result = capstan.client().enqueue(request);
            spec.commandLine().getOut().println(result.jobId() + " " + result.outcome().name().toLowerCase());
            return 0;
        }
    }

    private String read(String value) throws IOException {
        if (value.equals("-")) {
            return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (value.startsWith("@")) {
            return Files.readString(Path.of(value.substring(1)));
        }
        return value;
    }

    static Duration parseDelay(String text) {
        String t = text.trim();
        if (t.toUpperCase().startsWith("P")) {
            return Duration.parse(t);
        }
        long amount = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("--in takes an ISO-8601 duration (PT10M) or 30s, 10m, 2h, 1d; was " + text);
        };
    }
}
