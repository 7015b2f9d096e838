package dev.capstan.testsupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * Collects the log events of a test, for tests that assert on what a user would read in the log
 * ("no WARN in a steady state", "one WARN when the connection is lost"). Needs Logback as the test's
 * SLF4J backend: modules that use it exclude slf4j-simple from test-support and add logback-classic
 * (test scope), with a {@code logback-test.xml}.
 *
 * <pre>{@code
 * try (LogCapture logs = LogCapture.start()) {
 *     ... run the system ...
 *     assertEquals(List.of(), logs.atLeast(Level.WARN));
 * }
 * }</pre>
 */
public final class LogCapture implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final List<ILoggingEvent> events = new ArrayList<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            synchronized (events) {
                events.add(event);
            }
        }
    };

    private LogCapture() {
        appender.setName("capture-" + System.identityHashCode(this));
        appender.setContext(root.getLoggerContext());
        appender.start();
        root.addAppender(appender);
    }

    /** Starts collecting every event that passes the configured levels. */
    public static LogCapture start() {
        return new LogCapture();
    }

    /** Every event so far. */
    public List<ILoggingEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Events at {@code level} or above, as "LEVEL logger - message" lines (for readable failures). */
    public List<String> atLeast(Level level) {
        return lines(e -> e.getLevel().isGreaterOrEqual(level));
    }

    /** Events that match, as "LEVEL logger - message" lines. */
    public List<String> lines(Predicate<ILoggingEvent> which) {
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent e : events()) {
            if (which.test(e)) {
                lines.add(e.getLevel() + " " + e.getLoggerName() + " - " + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : " (" + e.getThrowableProxy().getClassName() + ": "
                        + e.getThrowableProxy().getMessage() + ")"));
            }
        }
        return lines;
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
