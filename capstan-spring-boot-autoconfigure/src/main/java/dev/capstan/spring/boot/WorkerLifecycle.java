package dev.capstan.spring.boot;

import dev.capstan.worker.Worker;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the worker once the application context is ready and closes it (graceful: running jobs
 * finish within the shutdown timeout, the rest go back to their queues) when the context closes. It
 * starts late and stops early (a high phase), so handlers' dependencies are up the whole time.
 */
final class WorkerLifecycle implements SmartLifecycle {
    /** Late start, early stop: after the web server (which starts at a lower phase), before data sources. */
    static final int PHASE = Integer.MAX_VALUE - 1024;

    private final Worker worker;
    private volatile boolean running;

    WorkerLifecycle(Worker worker) {
        this.worker = worker;
    }

    @Override
    public void start() {
        worker.start();
        running = true;
    }

    @Override
    public void stop() {
        worker.close();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
