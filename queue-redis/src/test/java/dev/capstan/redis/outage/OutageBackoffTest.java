package dev.capstan.redis.outage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.event.Level;
import org.slf4j.Marker;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/** The backoff every Redis loop uses, and how failures are sorted. No Redis needed: it is pure logic. */
class OutageBackoffTest {

    @Test
    void waitsGrowWithJitterUpToTheCapAndTheOutageIsLoggedTwice() {
        RecordingLogger log = new RecordingLogger();
        OutageBackoff backoff = new OutageBackoff(new OutageLog("test loop", log), Duration.ofMillis(100), Duration.ofSeconds(5));
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            waits.add(backoff.failed(new JedisConnectionException("Failed to connect to 127.0.0.1:1.")));
        }
        assertTrue(waits.get(0) >= 50 && waits.get(0) <= 100, "first wait: half to all of the minimum: " + waits.get(0));
        assertTrue(waits.get(3) >= 400 && waits.get(3) <= 800, "doubling: " + waits.get(3));
        assertTrue(waits.stream().allMatch(w -> w <= 5_000), "capped");
        assertTrue(waits.subList(10, 200).stream().allMatch(w -> w >= 2_500), "at the cap, at least half of it");
        assertTrue(waits.subList(10, 200).stream().distinct().count() > 50, "jittered, not in step with other workers");
        backoff.succeeded();
        backoff.succeeded();
        assertEquals(2, log.lines.size(), "one line when it starts, one when it ends: " + log.lines);
        assertTrue(log.lines.get(0).startsWith("WARN test loop: Redis call failed"), log.lines.get(0));
        assertTrue(log.lines.get(1).matches("INFO test loop: Redis calls work again after an outage of \\d+ ms \\(200 failed attempts\\)"),
                log.lines.get(1));
        assertFalse(backoff.inOutage());
    }

    @Test
    void failuresAreSortedIntoTransientAndSurelyNotApplied() {
        JedisConnectionException refused = new JedisConnectionException("Failed to connect to 127.0.0.1:1.");
        refused.addSuppressed(new ConnectException("Connection refused"));
        assertTrue(RedisFailures.isTransient(refused));
        assertTrue(RedisFailures.surelyNotApplied(refused));
        JedisConnectionException timeout = new JedisConnectionException(new java.net.SocketTimeoutException("Read timed out"));
        assertTrue(RedisFailures.isTransient(timeout));
        assertFalse(RedisFailures.surelyNotApplied(timeout), "a command sent and not answered may have been applied");
        JedisDataException loading = new JedisDataException("LOADING Redis is loading the dataset in memory");
        assertTrue(RedisFailures.isTransient(loading));
        assertTrue(RedisFailures.surelyNotApplied(loading));
        JedisDataException wrongType = new JedisDataException("WRONGTYPE key q holds a string, not a list");
        assertFalse(RedisFailures.isTransient(wrongType), "time does not mend a wrong-type key");
    }

    /** Collects "LEVEL message" lines. */
    static final class RecordingLogger extends AbstractLogger {
        final List<String> lines = new ArrayList<>();

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable t) {
            lines.add(level + " " + org.slf4j.helpers.MessageFormatter.basicArrayFormat(pattern, args));
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isTraceEnabled(Marker marker) {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled(Marker marker) {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isInfoEnabled(Marker marker) {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled(Marker marker) {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled(Marker marker) {
            return true;
        }
    }
}
