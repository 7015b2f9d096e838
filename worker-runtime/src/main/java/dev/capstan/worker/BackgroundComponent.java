package dev.capstan.worker;

/**
 * A worker's background component with a lifecycle of its own. {@link BackgroundComponents} starts
 * them in order and stops them in reverse, so {@link Worker} wires them once instead of growing a field
 * and two calls per component.
 */
interface BackgroundComponent {
    /** A short name for logs ("heartbeat", "reconciler", ...). */
    String name();

    void start();

    /** Stops the component; must not throw, and must return within a few seconds even when Redis is away. */
    void stop();

    /** Adapts any start/stop pair. */
    static BackgroundComponent of(String name, Runnable start, Runnable stop) {
        return new BackgroundComponent() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void start() {
                start.run();
            }

            @Override
            public void stop() {
                stop.run();
            }
        };
    }
}
