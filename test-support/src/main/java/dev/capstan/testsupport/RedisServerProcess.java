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
    private final Path binary;
    private final int port;
    private final Path workDir;
    private final List<String> extraArgs;
    private final boolean tls;
    private Path sentinelConfig;
    private boolean ownSession;
    private Process process;

    private RedisServerProcess(Path binary, int port, List<String> extraArgs) {
        this(binary, port, extraArgs, false);
    }

    private RedisServerProcess(Path binary, int port, List<String> extraArgs, boolean tls) {
        this.binary = binary;
        this.port = port;
        this.extraArgs = List.copyOf(extraArgs);
        this.tls = tls;
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
     * Starts a server in a session (and process group) of its own, through {@code setsid} where the
     * system has it. A terminal's Ctrl-C signals its whole foreground process group at once; a server
     * in that group would die while its clients still need it (a program's shutdown hook that pushes
     * jobs back to Redis, say). This one lives until {@link #stop()}: its owner stops it last. Without
     * {@code setsid} (not Linux) it starts as {@link #start(String...)} does.
     */
    public static RedisServerProcess startInOwnSession(String... extraArgs) {
        RedisServerProcess server = new RedisServerProcess(RedisBinary.locate(), freePort(), List.of(extraArgs));
        server.ownSession = true;
        server.launch();
        return server;
    }

    /**
     * Starts a server that speaks only TLS on its port (with {@code certs}; clients need no
     * certificate of their own); {@code extraArgs} as for {@link #start(String...)}, e.g. ACL users
     * ({@code "--user", "default", "off"}).
     */
    public static RedisServerProcess startTls(TestCertificates certs, String... extraArgs) {
        List<String> args = new ArrayList<>(certs.redisServerArgs());
        args.addAll(List.of(extraArgs));
        RedisServerProcess server = new RedisServerProcess(RedisBinary.locate(), freePort(), args, true);
        server.launch();
        return server;
    }

    /**
     * A Sentinel like {@link #startSentinel(String, int)} that listens with TLS only (when {@code certs}
     * is given, and then also talks TLS to the primary), with {@code extraLines} appended to its
     * configuration after the monitor line: its own ACL users ({@code user ...}) and how it logs in to
     * the primary ({@code sentinel auth-user NAME USER}, {@code sentinel auth-pass NAME PASSWORD}).
     */
    public static RedisServerProcess startSentinel(String primaryName, int primaryPort, TestCertificates certs,
                                                   List<String> extraLines) {
        RedisServerProcess sentinel = new RedisServerProcess(RedisBinary.locate(), freePort(), List.of(), certs != null);
        sentinel.sentinelConfig = sentinel.workDir.resolve("sentinel.conf");
        List<String> lines = new ArrayList<>();
        if (certs != null) {
            lines.addAll(List.of("port 0", "tls-port " + sentinel.port, "tls-replication yes"));
            lines.addAll(certs.configLines());
        } else {
            lines.add("port " + sentinel.port);
        }
        lines.addAll(List.of("bind 127.0.0.1", "dir " + sentinel.workDir, "protected-mode no",
                "sentinel monitor " + primaryName + " 127.0.0.1 " + primaryPort + " 1",
                "sentinel down-after-milliseconds " + primaryName + " 1000",
                "sentinel failover-timeout " + primaryName + " 10000",
                "sentinel parallel-syncs " + primaryName + " 1"));
        lines.addAll(extraLines);
        lines.add("");
        try {
            Files.writeString(sentinel.sentinelConfig, String.join("\n", lines));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sentinel.launch();
        return sentinel;
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
        return (tls ? "rediss://" : "redis://") + host() + ":" + port;
    }

    /** True if the server speaks TLS only. */
    public boolean tls() {
        return tls;
    }

    /** What the server wrote to its log so far (why it refused to start, for instance). */
    public String log() {
        return readLog();
    }

    public Path workDir() {
        return workDir;
    }

    /** The server's process id. */
    public long pid() {
        return process.pid();
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
        Path setsid = ownSession ? RedisBinary.findOnPath("setsid") : null;
        if (setsid != null) {
            // setsid execs the server in place (a child of the JVM is no process group leader, so it
            // need not fork): the process we hold, stop and wait for is the server itself.
            cmd.add(setsid.toString());
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
        cmd.addAll(tls ? List.of("--port", "0", "--tls-port", String.valueOf(port)) : List.of("--port", String.valueOf(port)));
        cmd.addAll(List.of("--bind", "127.0.0.1",
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
