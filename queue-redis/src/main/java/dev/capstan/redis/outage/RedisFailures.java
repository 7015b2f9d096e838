package dev.capstan.redis.outage;

import java.net.ConnectException;
import java.util.NoSuchElementException;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Sorts the failures of a Redis call into the two questions a caller has to answer: will trying
 * again help (the server is away or not itself yet), and could the command have been applied even
 * though no reply came (so that trying again might do it twice)?
 */
public final class RedisFailures {
    /** Error replies that mean "the server cannot serve now, try later"; nothing was applied. */
    private static final String[] UNAVAILABLE_REPLIES = {"LOADING", "READONLY", "BUSY", "MASTERDOWN", "TRYAGAIN",
            "CLUSTERDOWN", "NOREPLICAS", "NOTREADY"};

    private RedisFailures() {}

    /** True for failures that pass with time: a lost or refused connection, or the server answering "not now". */
    public static boolean isTransient(Throwable e) {
        if (e instanceof JedisConnectionException || e instanceof JedisClusterOperationException) {
            return true;
        }
        if (e instanceof JedisDataException) {
            return unavailableReply(e.getMessage()) != null;
        }
        return hasCause(e, NoSuchElementException.class) && String.valueOf(e.getMessage()).contains("pool");
    }

    /**
     * True when the command surely never reached the server: no connection could be made or borrowed,
     * or the server answered with an error that applies nothing (LOADING, READONLY...). Any other
     * failure of a sent command (timeout, reset, end of stream) leaves its outcome unknown.
     */
    public static boolean surelyNotApplied(Throwable e) {
        if (e instanceof JedisDataException) {
            return true; // an error reply: scripts check before they write, commands apply nothing on error
        }
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("Failed to connect") || message.startsWith("Failed to create socket")
                || message.contains("Could not get a resource from the pool")) {
            return true;
        }
        return hasCause(e, ConnectException.class);
    }

    /** The error code of a "server cannot serve now" reply (e.g. "LOADING"), or null. */
    public static String unavailableReply(String message) {
        if (message == null) {
            return null;
        }
        for (String code : UNAVAILABLE_REPLIES) {
            if (message.startsWith(code)) {
                return code;
            }
        }
        return null;
    }

    /** The innermost message worth logging (Jedis wraps the socket's own message). */
    public static String describe(Throwable e) {
        String message = e.getMessage();
        for (Throwable s : e.getSuppressed()) {
            if (s.getMessage() != null) {
                message = message + " (" + s.getMessage() + ")";
                break;
            }
        }
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !String.valueOf(message).contains(cause.getMessage())) {
            message = message + " (" + cause.getMessage() + ")";
        }
        return e.getClass().getSimpleName() + ": " + message;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            for (Throwable s : t.getSuppressed()) {
                if (type.isInstance(s)) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
