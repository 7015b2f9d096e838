package dev.capstan.examples;

/**
 * What the demo's log shows: Capstan's INFO lines (workers starting, leadership, jobs that fail and
 * are retried, the periodic report), and only warnings from the web server underneath.
 *
 * <p>Set as system properties before the first logger is created, because the backend differs by
 * how the demo runs: under {@code ./mvnw -q ... exec:java} the demo logs through Maven's own SLF4J
 * backend, whose {@code -q} level (errors only) would hide every Capstan line; run with {@code java}
 * it logs through slf4j-simple. Both read these properties, and a {@code -D} on the command line
 * still wins.
 */
final class DemoLogging {
    private DemoLogging() {}

    static void showCapstanInfo() {
        setIfAbsent("org.slf4j.simpleLogger.log.dev.capstan", "info");
        setIfAbsent("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.io.javalin", "warn");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
