package dev.capstan.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** Output conventions: progress on stderr, the result as one JSON line on stdout. */
final class Progress {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Progress() {}

    static void log(String format, Object... args) {
        System.err.println("[bench] " + String.format(format, args));
    }

    static void result(Map<String, ?> fields) {
        try {
            System.out.println(JSON.writeValueAsString(fields));
            System.out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectMapper json() {
        return JSON;
    }

    /** Rounds to a few significant decimals for readable JSON. */
    static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
