package dev.capstan.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A raw {@code MONITOR} connection: every feed line goes to {@code lines} on a daemon thread until
 * {@link #close()}.
 * Shared by {@link CommandSampler} (short samples) and {@link MonitorFeed} (running counts at marks).
 */
final class MonitorConnection implements AutoCloseable {
    /** One feed line's command: its name (lower case) and whether a Lua script ran it ({@code [0 lua]}). */
    record Command(String name, boolean fromLua) {
        /** {@code +1700000000.123456 [0 127.0.0.1:5000] "evalsha" "..."}, or null for anything else. */
        static Command parse(String line) {
            int bracket = line.indexOf("] \"");
            if (line.indexOf('[') < 0 || bracket < 0) {
                return null;
            }
            int nameEnd = line.indexOf('"', bracket + 3);
            return new Command(line.substring(bracket + 3, nameEnd).toLowerCase(Locale.ROOT),
                    line.substring(0, bracket).endsWith(" lua"));
        }
    }

    private final Socket socket;
    private final Thread reader;

    MonitorConnection(String host, int port, Consumer<String> lines) {
        try {
            socket = new Socket(host, port);
            OutputStream out = socket.getOutputStream();
            out.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8), 1 << 16);
            String ok = in.readLine();
            if (!"+OK".equals(ok)) {
                throw new IllegalStateException("MONITOR refused: " + ok);
            }
            reader = Thread.ofPlatform().daemon().name("bench-monitor").start(() -> {
                try {
                    for (String line; (line = in.readLine()) != null; ) {
                        lines.accept(line);
                    }
                } catch (IOException e) {
                    // closed
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not start MONITOR", e);
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
