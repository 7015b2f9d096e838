package dev.capstan.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
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
    private final Socket socket;
    private final BufferedReader in;
    private final UnifiedJedis marker;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final AtomicInteger markers = new AtomicInteger();
    private final Thread reader;

    CommandSampler(String host, int port, UnifiedJedis marker) {
        this.marker = marker;
        try {
            socket = new Socket(host, port);
            OutputStream out = socket.getOutputStream();
            out.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String ok = in.readLine();
            if (!"+OK".equals(ok)) {
                throw new IllegalStateException("MONITOR refused: " + ok);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not start MONITOR", e);
        }
        reader = Thread.ofPlatform().daemon().name("bench-monitor").start(this::read);
    }

    private void read() {
        try {
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException e) {
            // closed
        }
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
            int bracket = line.indexOf("] \"");
            if (!inside || bracket < 0) {
                continue;
            }
            int nameEnd = line.indexOf('"', bracket + 3);
            String name = line.substring(bracket + 3, nameEnd).toLowerCase(Locale.ROOT);
            if (name.equals("ping") || name.equals("info") || name.equals("echo")) {
                continue; // connection keep-alives and our own markers, not the operation's
            }
            boolean fromLua = line.substring(0, bracket).endsWith(" lua");
            (fromLua ? lua : client).merge(name, 1, Integer::sum);
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
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
