package dev.capstan.testsupport;

import java.io.PrintStream;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * An SLF4J backend that prints each event as one line, {@code LEVEL logger - message}, to standard
 * output (a throwable follows as Java prints it). Not registered as a service: a test selects it for
 * a child JVM with {@code -Dslf4j.provider=dev.capstan.testsupport.LineLogger}, reads the child's
 * output and can then tell which line a log call made (e.g. that user text cannot forge a line).
 */
public final class LineLogger implements SLF4JServiceProvider {
    /** The JVM option that selects this backend. */
    public static final String JVM_OPTION = "-Dslf4j.provider=" + LineLogger.class.getName();

    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new BasicMDCAdapter();
    private final ILoggerFactory loggers = Line::new;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to set up
    }

    /** One logger: INFO and above, one line per event. */
    private static final class Line extends LegacyAbstractLogger {
        Line(String name) {
            this.name = name;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable t) {
            PrintStream out = System.out;
            synchronized (out) {
                out.println(level + " " + name + " - " + MessageFormatter.basicArrayFormat(pattern, args));
                if (t != null) {
                    t.printStackTrace(out);
                }
            }
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }
    }
}
