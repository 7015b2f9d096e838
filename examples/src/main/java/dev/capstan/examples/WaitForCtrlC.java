package dev.capstan.examples;

import java.util.concurrent.CountDownLatch;

/** For the examples that serve until stopped: blocks until Ctrl-C (or SIGTERM), then closes what they opened. */
public final class WaitForCtrlC {
    private WaitForCtrlC() {}

    /** Blocks until the JVM is asked to stop, then closes {@code opened} in reverse order (last opened first). */
    public static void thenClose(AutoCloseable... opened) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (int i = opened.length - 1; i >= 0; i--) {
                try {
                    opened[i].close();
                } catch (Exception e) {
                    System.err.println("while stopping: " + e);
                }
            }
            closed.countDown();
        }, "example-shutdown"));
        closed.await();
    }
}
