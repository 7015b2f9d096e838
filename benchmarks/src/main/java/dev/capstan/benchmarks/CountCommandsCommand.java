package dev.capstan.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import redis.clients.jedis.Jedis;

/**
 * Counts the commands a benchmark sends to Redis, phase by phase, for any client (Capstan's
 * {@code throughput} or the peer's driver): runs the benchmark as a child process while a
 * {@code MONITOR} connection watches the server, and splits what it sees at the child's phase marks
 * ({@code ECHO capstan-phase:NAME}, see {@link CostMeter}). MONITOR tells the commands a client sent
 * (round trips, unless pipelined) from those a Lua script ran ({@code [0 lua]}), which
 * {@code INFO commandstats} cannot. MONITOR slows the server down, so this is an untimed sample run
 * of its own: its rates are not reported as results.
 *
 * <p>Prints the child's JSON line with, in each phase, {@code round_trips}, {@code lua_commands}, the
 * same per job, and the client commands by name; and headline {@code round_trips_per_job} (enqueue
 * plus drain) and {@code round_trips_per_job_steady}.
 */
@Command(name = "count-commands", mixinStandardHelpOptions = true,
        description = "Run a benchmark (after --) under MONITOR and add the commands it sent per phase to its JSON line.")
final class CountCommandsCommand implements Callable<Integer> {
    @Option(names = "--redis", required = true, paramLabel = "HOST:PORT", description = "The server the child uses.")
    String redis;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The benchmark to run, with its arguments.")
    List<String> command;

    @Override
    public Integer call() throws Exception {
        String address = redis.replaceFirst("^rediss?://", "");
        String host = address.substring(0, address.lastIndexOf(':'));
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        MonitorFeed feed = new MonitorFeed(host, port);
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
            }
        }
        int exit = child.waitFor();
        try (Jedis marker = new Jedis(host, port)) {
            marker.echo(CostMeter.MARKER_PREFIX + "count-end");
        }
        Map<String, MonitorFeed.Counts> marks = feed.awaitMark("count-end");
        feed.close();
        if (lines.isEmpty()) {
            System.err.println("error: the benchmark printed nothing (exit " + exit + ")");
            return 1;
        }
        ObjectNode result = (ObjectNode) Progress.json().readTree(lines.get(lines.size() - 1));
        JsonNode phases = result.path("phases");
        for (Iterator<Map.Entry<String, JsonNode>> it = phases.fields(); it.hasNext(); ) {
            ObjectNode phase = (ObjectNode) it.next().getValue();
            MonitorFeed.Counts from = marks.get(phase.path("from").asText());
            MonitorFeed.Counts to = marks.get(phase.path("to").asText());
            if (from == null || to == null) {
                continue;
            }
            MonitorFeed.Counts delta = to.minus(from);
            long jobs = phase.path("jobs").asLong();
            phase.put("round_trips", delta.client());
            phase.put("lua_commands", delta.lua());
            if (jobs > 0) {
                phase.put("round_trips_per_job", Progress.round(delta.client() / (double) jobs, 3));
                phase.put("lua_commands_per_job", Progress.round(delta.lua() / (double) jobs, 3));
            }
            phase.set("round_trips_by_command", Progress.json().valueToTree(delta.byName()));
        }
        result.put("round_trips_per_job", sumPerJob(phases, "enqueue", "drain"));
        result.put("round_trips_per_job_steady", sumPerJob(phases, "enqueue_steady", "drain_steady"));
        result.put("count_commands", true);
        System.out.println(Progress.json().writeValueAsString(result));
        return exit;
    }

    private static double sumPerJob(JsonNode phases, String... names) {
        double sum = 0;
        for (String name : names) {
            sum += phases.path(name).path("round_trips_per_job").asDouble();
        }
        return Progress.round(sum, 3);
    }
}
