package dev.capstan.examples;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo in a real terminal, stopped with Ctrl-C as a keyboard does (issue 9, defect 4): tmux runs
 * it on a pseudo-terminal, {@code send-keys C-c} makes the terminal send SIGINT to the whole
 * foreground process group. The demo must exit within 10 s, print no ERROR, and leave nothing
 * running (its JVM and the Redis it started are gone).
 *
 * <p>It runs the demo as {@code java -cp <examples' class path> dev.capstan.examples.Demo}: the same
 * process tree as the README's {@code ./mvnw -q -pl examples -am compile exec:java} (one JVM running
 * {@code Demo.main}, the Redis it starts), without a Maven build nested inside the build (minutes on
 * two cores, writing to the target directories of the build that runs this test). With
 * {@code -Dcapstan.demoTerminal.readmeCommand=true} it runs the README's command itself.
 * Skipped (JUnit assumption) where tmux is not installed; {@code .ci/run} installs it.
 */
class DemoTerminalTest {
    private static final String README_COMMAND = "./mvnw -q -pl examples -am compile exec:java";
    private static final Duration STOP_WITHIN = Duration.ofSeconds(10);
    private static final Pattern STATUS_LINE = Pattern.compile("(?m)^\\d\\d:\\d\\d");
    private static final Pattern STACK_FRAME = Pattern.compile("^\\s+at [\\w.$/]+\\(");

    @TempDir
    Path dir;
    private final String socket = "capstan-demo-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<ProcessHandle> started = new ArrayList<>();

    @Test
    void ctrlCStopsTheDemoWithinTenSecondsWithoutErrorsAndLeavesNothingRunning() throws Exception {
        assumeTrue(onPath("tmux"), "tmux is not installed");
        boolean readmeCommand = Boolean.getBoolean("capstan.demoTerminal.readmeCommand");
        Path root = Path.of("").toAbsolutePath().getParent();
        String demo = readmeCommand ? README_COMMAND : quote(Path.of(System.getProperty("java.home"), "bin", "java").toString())
                + " -Xmx384m -cp " + quote(System.getProperty("java.class.path")) + " " + Demo.class.getName();
        Path script = dir.resolve("demo.sh");
        Files.writeString(script, String.join("\n",
                "trap ':' INT",   // the pane's shell outlives Ctrl-C, to report how the demo ended
                "cd " + quote(root.toString()),
                "unset REDIS_URL DEMO_SECONDS",
                "export DEMO_PORT=" + freePort(),
                demo,
                "echo \"demo exited with status $?\"",
                "exec sleep 600", ""));

        tmux("new-session", "-d", "-s", "demo", "-x", "200", "-y", "50", "sh " + quote(script.toString()));
        long shell = Long.parseLong(tmux("list-panes", "-t", "demo", "-F", "#{pane_pid}").strip());
        await("the demo runs and prints its first status line").atMost(Duration.ofSeconds(readmeCommand ? 300 : 60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> screen().contains("Dashboard: ") && STATUS_LINE.matcher(screen()).find());
        ProcessHandle.of(shell).orElseThrow().descendants().forEach(started::add);
        String screenBefore = screen();
        int redisPort = redisPort(screenBefore);
        ProcessHandle demoJvm = started.stream().filter(p -> p.info().command().orElse("").endsWith("java"))
                .findFirst().orElseThrow(() -> new AssertionError("no java process under the pane: " + describe(started)));
        assertTrue(started.stream().anyMatch(p -> p.info().command().orElse("").contains("redis")),
                "the demo's Redis (redis-server, which Debian links to redis-check-rdb) runs under the demo: " + describe(started));

        long ctrlC = System.nanoTime();
        tmux("send-keys", "-t", "demo", "C-c");
        boolean exited = demoJvm.onExit().thenApply(p -> true).completeOnTimeout(false,
                STOP_WITHIN.toMillis() + 5_000, TimeUnit.MILLISECONDS).get();
        Duration took = Duration.ofNanos(System.nanoTime() - ctrlC);
        await("the pane's shell reports the exit").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> !exited || screen().contains("demo exited with status"));
        String screen = screen();
        System.out.printf("Ctrl-C to exit: %s%n%s%n", exited ? took.toMillis() + " ms" : "did not exit", screen);

        assertTrue(exited && took.compareTo(STOP_WITHIN) <= 0,
                "the demo took " + (exited ? took.toMillis() + " ms" : "more than " + (STOP_WITHIN.toSeconds() + 5) + " s")
                        + " to stop after Ctrl-C:\n" + screen);
        List<String> errors = screen.lines().filter(l -> l.contains("ERROR") || l.startsWith("Exception in thread")
                || STACK_FRAME.matcher(l).find()).toList();
        assertEquals(List.of(), errors, "errors on the terminal after Ctrl-C:\n" + screen);
        assertEquals(2, Pattern.compile("INFO .*worker \\S+ started: queues").matcher(screenBefore).results().count(),
                "Capstan's INFO log shows on the terminal (issue 9, defect 9):\n" + screenBefore);
        assertEquals(2, Pattern.compile("worker \\S+ stopped; \\d+ unfinished job").matcher(screen).results().count(),
                "both workers shut down cleanly:\n" + screen);
        await("every process the demo started is gone").atMost(Duration.ofSeconds(2))
                .until(() -> started.stream().noneMatch(ProcessHandle::isAlive));
        assertFalse(accepts(redisPort), "something still listens on the demo's Redis port " + redisPort);
    }

    @AfterEach
    void cleanUp() {
        started.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly); // only if the test failed
        try {
            tmux("kill-server");
        } catch (RuntimeException alreadyGone) {
            // the server ends with its last session
        }
    }

    private String screen() {
        return tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "demo");
    }

    private String tmux(String... args) {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket, "-f", "/dev/null"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int redisPort(String screen) {
        Matcher m = Pattern.compile("Redis at redis://[^\\s:]+:(\\d+)").matcher(screen);
        assertTrue(m.find(), "the demo prints where its Redis is:\n" + screen);
        return Integer.parseInt(m.group(1));
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String describe(List<ProcessHandle> processes) {
        return processes.stream().map(p -> p.pid() + " " + p.info().command().orElse("?")).toList().toString();
    }

    private static boolean onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, name))) {
                return true;
            }
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
