package dev.capstan.benchmarks;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@code MONITOR} connection that counts, as the feed arrives, the commands clients sent and the
 * commands Lua scripts ran, and keeps the running counts at every phase mark
 * ({@code ECHO capstan-phase:NAME}). The benchmark's own INFO and ECHO calls are not counted.
 */
final class MonitorFeed implements AutoCloseable {
    private final MonitorConnection connection;
    private final Map<String, Counts> marks = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> waiting = new ConcurrentHashMap<>();
    private long client;
    private long lua;
    private final Map<String, Long> byName = new HashMap<>();

    MonitorFeed(String host, int port) {
        connection = new MonitorConnection(host, port, this::count);
    }

    /** One feed line: {@code +1700000000.123456 [0 127.0.0.1:5000] "evalsha" "..." ...} or {@code [0 lua]}. */
    private void count(String line) {
        MonitorConnection.Command command = MonitorConnection.Command.parse(line);
        if (command == null) {
            return;
        }
        String name = command.name();
        int nameEnd = line.indexOf('"', line.indexOf("] \"") + 3);
        if (name.equals("echo")) {
            int argStart = line.indexOf('"', nameEnd + 1);
            if (argStart > 0 && line.startsWith(CostMeter.MARKER_PREFIX, argStart + 1)) {
                String mark = line.substring(argStart + 1 + CostMeter.MARKER_PREFIX.length(), line.indexOf('"', argStart + 1));
                marks.put(mark, new Counts(client, lua, new TreeMap<>(byName)));
                CountDownLatch latch = waiting.remove(mark);
                if (latch != null) {
                    latch.countDown();
                }
            }
            return;
        }
        if (name.equals("info")) {
            return; // the benchmark's cost meter
        }
        if (command.fromLua()) {
            lua++;
        } else {
            client++;
            byName.merge(name, 1L, Long::sum);
        }
    }

    /** Waits until the mark has come through the feed, then returns every mark seen. */
    Map<String, Counts> awaitMark(String mark) throws InterruptedException {
        CountDownLatch latch = waiting.computeIfAbsent(mark, m -> new CountDownLatch(1));
        if (!marks.containsKey(mark) && !latch.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("MONITOR feed did not reach mark " + mark);
        }
        return Map.copyOf(marks);
    }

    @Override
    public void close() {
        connection.close();
    }

    /** Running counts at a mark: commands clients sent, commands scripts ran, client commands by name. */
    record Counts(long client, long lua, Map<String, Long> byName) {
        Counts minus(Counts earlier) {
            Map<String, Long> names = new TreeMap<>();
            byName.forEach((k, v) -> {
                long d = v - earlier.byName.getOrDefault(k, 0L);
                if (d != 0) {
                    names.put(k, d);
                }
            });
            return new Counts(client - earlier.client, lua - earlier.lua, names);
        }
    }
}
