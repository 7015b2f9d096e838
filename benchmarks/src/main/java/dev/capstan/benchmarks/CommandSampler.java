package dev.capstan.benchmarks;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.UnifiedJedis;

/**
 * Counts the commands clients send to Redis for a stretch of calls, with {@code MONITOR}, telling
 * the ones a client sent (round trips, unless pipelined) from the ones a Lua script ran on the
 * server (MONITOR tags those {@code [0 lua]}). {@code INFO commandstats} cannot tell them apart: it
 * counts a script's {@code redis.call}s like client commands. MONITOR slows Redis down, so this
 * runs only on a short untimed sample after the timed runs. A stretch is delimited by {@code ECHO}
 * markers sent through the benchmark's own connection, so the asynchronous feed is read exactly up
 * to the end of the stretch.
 */
final class CommandSampler implements AutoCloseable {
    private static final String MARKER = "capstan-bench-marker-";
    private final MonitorConnection connection;
    private final UnifiedJedis marker;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final AtomicInteger markers = new AtomicInteger();

    CommandSampler(String host, int port, UnifiedJedis marker) {
        this.marker = marker;
        this.connection = new MonitorConnection(host, port, lines::add);
    }

    /** Commands seen while {@code body} ran, by origin ("client"/"lua") and name. */
    Sample sample(Runnable body) throws InterruptedException {
        String start = MARKER + markers.incrementAndGet();
        String end = MARKER + markers.incrementAndGet();
        marker.echo(start);
        body.run();
        marker.echo(end);
        Map<String, Integer> client = new TreeMap<>();
        Map<String, Integer> lua = new TreeMap<>();
        boolean inside = false;
        while (true) {
            String line = lines.poll(10, TimeUnit.SECONDS);
            if (line == null) {
                throw new IllegalStateException("MONITOR feed stalled before marker " + end);
            }
            if (line.contains("\"" + start + "\"")) {
                inside = true;
                continue;
            }
            if (line.contains("\"" + end + "\"")) {
                return new Sample(client, lua);
            }
            MonitorConnection.Command command = MonitorConnection.Command.parse(line);
            if (!inside || command == null) {
                continue;
            }
            String name = command.name();
            if (name.equals("ping") || name.equals("info") || name.equals("echo")) {
                continue; // connection keep-alives and our own markers, not the operation's
            }
            (command.fromLua() ? lua : client).merge(name, 1, Integer::sum);
        }
    }

    record Sample(Map<String, Integer> client, Map<String, Integer> lua) {
        int clientCommands() {
            return client.values().stream().mapToInt(Integer::intValue).sum();
        }

        int luaCommands() {
            return lua.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}
