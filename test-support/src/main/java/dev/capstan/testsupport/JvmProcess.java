package dev.capstan.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A separate JVM running a test's main class with the test's own class path, so multi-process
 * tests (crash a worker with SIGKILL, run several workers) use real processes.
 */
public final class JvmProcess implements AutoCloseable {
    private final Process process;
    private final Path output;

    private JvmProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    public static JvmProcess start(Class<?> mainClass, String... args) {
        return start(Map.of(), List.of(), mainClass, args);
    }

    /** Starts {@code mainClass} with {@code environment} added to this JVM's environment (e.g. REDIS_URL). */
    public static JvmProcess start(Map<String, String> environment, Class<?> mainClass, String... args) {
        return start(environment, List.of(), mainClass, args);
    }

    /** With extra JVM options, e.g. {@code -Dslf4j.provider=...} ({@link LineLogger#JVM_OPTION}). */
    public static JvmProcess start(List<String> jvmOptions, Class<?> mainClass, String... args) {
        return start(Map.of(), jvmOptions, mainClass, args);
    }

    /** With extra environment variables and JVM options. */
    public static JvmProcess start(Map<String, String> environment, List<String> jvmOptions, Class<?> mainClass,
                                   String... args) {
        try {
            Path output = Files.createTempFile("capstan-jvm-" + mainClass.getSimpleName(), ".log");
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-Xmx256m");
            cmd.add("-XX:TieredStopAtLevel=1");
            cmd.addAll(jvmOptions);
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(mainClass.getName());
            cmd.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            return new JvmProcess(process, output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the process gets no chance to clean up. */
    public void kill() {
        process.destroyForcibly();
        waitFor(10);
    }

    /** SIGTERM: shutdown hooks run. Returns the exit code, or -1 if it did not exit in time. */
    public int terminate(long timeoutSeconds) {
        process.destroy();
        return waitFor(timeoutSeconds);
    }

    /** SIGSTOP: the process is frozen (no thread runs) until {@link #resume()}. */
    public void freeze() {
        signal("STOP");
    }

    /** SIGCONT after {@link #freeze()}. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * CPU time the process has used so far (user + system, all threads), in milliseconds, read from
     * {@code /proc/PID/stat} (Linux); -1 where that is not available.
     */
    public long cpuTimeMillis() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // Fields after the command name (in parentheses, which may hold spaces): state is field 3.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime (14), stime (15)
            return ticks * 1000 / clockTicksPerSecond();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long clockTicks;

    private static synchronized long clockTicksPerSecond() {
        if (clockTicks == 0) {
            clockTicks = 100; // USER_HZ on Linux; ask getconf to be sure
            try {
                Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
                String out = new String(p.getInputStream().readAllBytes()).trim();
                if (p.waitFor(5, TimeUnit.SECONDS) && !out.isEmpty()) {
                    clockTicks = Long.parseLong(out);
                }
            } catch (IOException | RuntimeException e) {
                // keep 100
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return clockTicks;
    }

    /** Lines the process printed so far. */
    public List<String> outputLines() {
        return output().lines().toList();
    }

    public int waitFor(long timeoutSeconds) {
        try {
            return process.waitFor(timeoutSeconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** What the process printed so far (stdout and stderr). */
    public String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
