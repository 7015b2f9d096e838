package dev.capstan.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} child process on a free loopback port, with no persistence unless
 * asked. Tests use it to stop, kill (SIGKILL) and restart a server on the same port.
 */
public final class RedisServerProcess implements AutoCloseable {
    private static final java.util.Optional<Path> SETSID = java.util.stream.Stream.of("/usr/bin/setsid", "/bin/setsid")
            .map(Path::of).filter(java.nio.file.Files::isExecutable).findFirst();

    private final Path binary;
    private final int port;
    private final Path workDir;
    private final List<String> extraArgs;
    private Path sentinelConfig;
    private Process process;

    /** Started in a session of its own (see {@link #startDetached}). */
    private boolean detached;

    private RedisServerProcess(Path binary, int port, List<String> extraArgs) {
        this.binary = binary;
        this.port = port;
        this.extraArgs = List.copyOf(extraArgs);
        try {
            this.workDir = Files.createTempDirectory("capstan-redis-" + port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a server with the default binary and no persistence. */
    public static RedisServerProcess start(String... extraArgs) {
        return start(RedisBinary.locate(), extraArgs);
    }

    /** Starts a server with the given binary; {@code extraArgs} are redis-server options such as "--appendonly", "yes". */
    public static RedisServerProcess start(Path binary, String... extraArgs) {
        RedisServerProcess server = new RedisServerProcess(binary, freePort(), List.of(extraArgs));
        server.launch();
        return server;
    }

    /**
     * Starts a server (default binary, no persistence) in a session of its own, for an application
     * such as the demo that needs Redis during its own shutdown: a Ctrl-C in the terminal sends SIGINT
     * to the whole foreground process group, which would stop a plain child redis-server at once, before
     * the application's shutdown hook has pushed its jobs back. The caller must stop it (in its shutdown
     * hook, last). Where {@code setsid} is missing this is {@link #start(String...)}.
     */
    public static RedisServerProcess startDetached(String... extraArgs) {
        RedisServerProcess server = new RedisServerProcess(RedisBinary.locate(), freePort(), List.of(extraArgs));
        server.detached = true;
        server.launch();
        return server;
    }

    /**
     * Starts a Redis Sentinel that monitors the primary at {@code primaryPort} under {@code primaryName},
     * with a quorum of one and a one-second down-after time, so tests fail over in seconds.
     */
    public static RedisServerProcess startSentinel(String primaryName, int primaryPort) {
        RedisServerProcess sentinel = new RedisServerProcess(RedisBinary.locate(), freePort(), List.of());
        sentinel.sentinelConfig = sentinel.workDir.resolve("sentinel.conf");
        try {
            Files.writeString(sentinel.sentinelConfig, String.join("\n",
                    "port " + sentinel.port, "bind 127.0.0.1", "dir " + sentinel.workDir, "protected-mode no",
                    "sentinel monitor " + primaryName + " 127.0.0.1 " + primaryPort + " 1",
                    "sentinel down-after-milliseconds " + primaryName + " 1000",
                    "sentinel failover-timeout " + primaryName + " 10000",
                    "sentinel parallel-syncs " + primaryName + " 1", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sentinel.launch();
        return sentinel;
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    public String url() {
        return "redis://" + host() + ":" + port;
    }

    public Path workDir() {
        return workDir;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the server with SIGTERM and waits for it to exit. */
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            waitForExit();
        }
    }

    /** Kills the server with SIGKILL: no shutdown save, connections drop at once. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitForExit();
        }
    }

    /** Starts the server again on the same port and directory (so AOF/RDB files, if enabled, are reloaded). */
    public synchronized void restart() {
        if (isRunning()) {
            stop();
        }
        launch();
    }

    @Override
    public void close() {
        kill();
    }

    private synchronized void launch() {
        List<String> cmd = new ArrayList<>();
        if (detached) {
            SETSID.ifPresent(setsid -> cmd.add(setsid.toString())); // execs in place: the PID is still Redis's
        }
        cmd.add(binary.toString());
        if (sentinelConfig != null) {
            cmd.addAll(List.of(sentinelConfig.toString(), "--sentinel"));
        } else {
            cmd.addAll(serverArgs());
        }
        try {
            process = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("redis.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + binary, e);
        }
        awaitAcceptingConnections();
    }

    private List<String> serverArgs() {
        List<String> cmd = new ArrayList<>();
        cmd.addAll(List.of("--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--dir", workDir.toString(), "--save", "", "--appendonly", "no",
                "--protected-mode", "no", "--daemonize", "no", "--loglevel", "warning"));
        // Later options override the defaults above (e.g. "--appendonly yes" for durability tests).
        cmd.addAll(extraArgs);
        return cmd;
    }

    private void awaitAcceptingConnections() {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited at start: " + readLog());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host(), port), 200);
                return;
            } catch (IOException notYet) {
                // The server is still starting; a short park is the only way to poll a socket here.
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
        throw new IllegalStateException("redis-server did not accept connections on port " + port + ": " + readLog());
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String readLog() {
        try {
            return Files.readString(workDir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
