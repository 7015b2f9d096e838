package dev.capstan.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the common form of a stored job without a JSON library: the envelope exactly as
 * {@link JacksonJobCodec#encode} writes it for a job without an error, with strings that need no
 * escaping. Anything else (whitespace between fields, escapes, an unknown or null field, a number
 * that is not a plain integer in range, an error record, very long arguments, text after the object)
 * is not read here: {@link #read} answers {@code null} and the codec reads the element with Jackson,
 * which accepts what JSON allows and words the error when it is not a job. So every element read
 * here decodes to exactly what Jackson's reading gives; {@code PlainEnvelopeReaderTest} checks that
 * on valid and broken elements alike.
 *
 * <p>Why: the envelope is read once per job on the worker's job threads, and reading it through a
 * JSON parser cost more than the rest of the job's path; the parser-based method was also the single
 * largest piece of work for the JIT compiler (over a second of a compiler thread in a short run).
 * The arguments are only checked to be one valid JSON value here; binding them is the handler's
 * codec call, one JSON parse per job instead of two.
 */
final class PlainEnvelopeReader {
    /** Longer arguments are left to Jackson, which enforces its read limits (number length, depth...). */
    static final int MAX_ARGS = 8_192;
    private static final int MAX_DEPTH = 64;
    private static final int MAX_NUMBER = 64;

    private final String s;
    private int at;

    private PlainEnvelopeReader(String s) {
        this.s = s;
    }

    /** The job, or null when the element is not in the plain form (the caller then reads it with Jackson). */
    static Job read(String stored) {
        try {
            return stored == null ? null : new PlainEnvelopeReader(stored).job();
        } catch (IndexOutOfBoundsException | NumberFormatException e) {
            return null;
        }
    }

    private Job job() {
        if (s.isEmpty() || s.charAt(0) != '{') {
            return null;
        }
        at = 1;
        String id = null;
        String type = null;
        String queue = null;
        String args = null;
        String idempotencyKey = null;
        String dedupKey = null;
        Map<String, String> meta = null;
        int attempt = 0;
        int maxAttempts = Job.DEFAULT_MAX_ATTEMPTS;
        int recoveries = 0;
        long createdAt = 0;
        long enqueuedAt = JacksonJobCodec.ABSENT;
        long runAt = 0;
        if (s.charAt(at) == '}') {
            return null;
        }
        while (true) {
            if (s.charAt(at) != '"') {
                return null;
            }
            int nameEnd = s.indexOf('"', at + 1);
            if (nameEnd < 0 || s.charAt(nameEnd + 1) != ':') {
                return null;
            }
            int name = at + 1;
            int length = nameEnd - name;
            at = nameEnd + 2;
            switch (length) {
                case 2 -> {
                    if (!is(name, "id")) {
                        return null;
                    }
                    id = plainString();
                }
                case 4 -> {
                    if (is(name, "type")) {
                        type = plainString();
                    } else if (is(name, "args")) {
                        args = value();
                    } else if (is(name, "meta")) {
                        meta = meta();
                    } else {
                        return null;
                    }
                }
                case 5 -> {
                    if (is(name, "queue")) {
                        queue = plainString();
                    } else if (is(name, "runAt")) {
                        runAt = number(Long.MAX_VALUE);
                    } else {
                        return null;
                    }
                }
                case 7 -> {
                    if (!is(name, "attempt")) {
                        return null;
                    }
                    attempt = (int) number(Integer.MAX_VALUE);
                }
                case 8 -> {
                    if (!is(name, "dedupKey")) {
                        return null;
                    }
                    dedupKey = plainString();
                }
                case 9 -> {
                    if (!is(name, "createdAt")) {
                        return null;
                    }
                    createdAt = number(Long.MAX_VALUE);
                }
                case 10 -> {
                    if (is(name, "enqueuedAt")) {
                        enqueuedAt = number(Long.MAX_VALUE);
                    } else if (is(name, "recoveries")) {
                        recoveries = (int) number(Integer.MAX_VALUE);
                    } else {
                        return null;
                    }
                }
                case 11 -> {
                    if (!is(name, "maxAttempts")) {
                        return null;
                    }
                    maxAttempts = (int) number(Integer.MAX_VALUE);
                }
                case 14 -> {
                    if (!is(name, "idempotencyKey")) {
                        return null;
                    }
                    idempotencyKey = plainString();
                }
                default -> {
                    return null;
                }
            }
            if (at < 0) {
                return null; // a value was not in the plain form
            }
            char next = s.charAt(at++);
            if (next == '}') {
                break;
            }
            if (next != ',') {
                return null;
            }
        }
        if (at != s.length() || id == null || id.isEmpty() || type == null || type.isEmpty() || queue == null
                || queue.isEmpty() || args == null) {
            return null; // text after the object, or a required field missing: Jackson words the error
        }
        return new Job(id, type, queue, args, attempt, maxAttempts, createdAt,
                JacksonJobCodec.enqueuedAt(enqueuedAt, createdAt, runAt), runAt, idempotencyKey, dedupKey, meta,
                recoveries, null);
    }

    private boolean is(int name, String field) {
        return s.startsWith(field, name);
    }

    /** A string with nothing to unescape; sets {@code at} past it, or to -1 (not plain). */
    private String plainString() {
        if (s.charAt(at) != '"') {
            at = -1;
            return null;
        }
        int start = at + 1;
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                at = i + 1;
                return s.substring(start, i);
            }
            if (c == '\\' || c < 0x20) {
                break;
            }
        }
        at = -1;
        return null;
    }

    /** A non-negative integer up to {@code max}, as Jackson reads it (no sign, no leading zero, no fraction). */
    private long number(long max) {
        int start = at;
        int i = at;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        int digits = i - start;
        if (digits == 0 || digits > 18 || (digits > 1 && s.charAt(start) == '0')
                || (i < s.length() && (s.charAt(i) == '.' || s.charAt(i) == 'e' || s.charAt(i) == 'E'))) {
            at = -1;
            return 0;
        }
        long v = Long.parseLong(s, start, i, 10);
        if (v > max) {
            at = -1;
            return 0;
        }
        at = i;
        return v;
    }

    /** {"key":"value" or null, ...} with plain strings. */
    private Map<String, String> meta() {
        if (s.charAt(at) != '{') {
            at = -1;
            return null;
        }
        Map<String, String> meta = new LinkedHashMap<>();
        at++;
        if (s.charAt(at) == '}') {
            at++;
            return meta;
        }
        while (true) {
            String key = plainString();
            if (at < 0 || s.charAt(at) != ':') {
                at = -1;
                return null;
            }
            at++;
            String value = plainString(); // a null value is left to Jackson's reading (Job refuses it there)
            if (at < 0) {
                return null;
            }
            meta.put(key, value);
            char next = s.charAt(at++);
            if (next == '}') {
                return meta;
            }
            if (next != ',') {
                at = -1;
                return null;
            }
        }
    }

    /**
     * One JSON value (the arguments), checked to the JSON grammar that Jackson's default settings
     * accept, returned as its exact text; sets {@code at} past it, or to -1. It must start right
     * after the colon (Jackson's reading would strip a leading space; such elements go to Jackson).
     */
    private String value() {
        int start = at;
        limit = Math.min(s.length(), start + MAX_ARGS);
        pos = at;
        char first = peek();
        if (first == ' ' || first == '\n' || first == '\r' || first == '\t' || !parseValue(0)) {
            at = -1;
            return null;
        }
        at = pos;
        return s.substring(start, pos);
    }

    private int limit;
    private int pos;

    private char peek() {
        return pos < limit ? s.charAt(pos) : 0;
    }

    private void skipSpace() {
        char c;
        while ((c = peek()) == ' ' || c == '\n' || c == '\r' || c == '\t') {
            pos++;
        }
    }

    /** Recursive descent, at most {@link #MAX_DEPTH} levels deep. */
    private boolean parseValue(int depth) {
        skipSpace();
        char c = peek();
        switch (c) {
            case '{' -> {
                return container(depth, '}', true);
            }
            case '[' -> {
                return container(depth, ']', false);
            }
            case '"' -> {
                pos = stringEnd(pos);
                return pos >= 0;
            }
            case 't' -> {
                return literal("true");
            }
            case 'f' -> {
                return literal("false");
            }
            case 'n' -> {
                return literal("null");
            }
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    pos = numberEnd(pos);
                    return pos >= 0;
                }
                return false;
            }
        }
    }

    private boolean container(int depth, char close, boolean object) {
        if (depth == MAX_DEPTH) {
            return false;
        }
        pos++;
        skipSpace();
        if (peek() == close) {
            pos++;
            return true;
        }
        while (true) {
            if (object) {
                skipSpace();
                if (peek() != '"') {
                    return false;
                }
                pos = stringEnd(pos);
                if (pos < 0) {
                    return false;
                }
                skipSpace();
                if (peek() != ':') {
                    return false;
                }
                pos++;
            }
            if (!parseValue(depth + 1)) {
                return false;
            }
            skipSpace();
            char next = peek();
            pos++;
            if (next == close) {
                return true;
            }
            if (next != ',') {
                return false;
            }
        }
    }

    private boolean literal(String word) {
        if (pos + word.length() > limit || !s.startsWith(word, pos)) {
            return false;
        }
        pos += word.length();
        return true;
    }

    /** Index just past the string starting at {@code i} (a quote), with valid escapes; -1 if not. */
    private int stringEnd(int i) {
        for (int j = i + 1; j < limit; j++) {
            char c = s.charAt(j);
            if (c == '"') {
                return j + 1;
            }
            if (c < 0x20) {
                return -1;
            }
            if (c == '\\') {
                char e = s.charAt(++j);
                if (e == 'u') {
                    if (j + 4 >= limit) {
                        return -1;
                    }
                    for (int k = 1; k <= 4; k++) {
                        if (Character.digit(s.charAt(j + k), 16) < 0) {
                            return -1;
                        }
                    }
                    j += 4;
                } else if ("\"\\/bfnrt".indexOf(e) < 0) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** Index just past the number starting at {@code i}, in JSON's grammar; -1 if not a number. */
    private int numberEnd(int i) {
        int start = i;
        if (s.charAt(i) == '-') {
            i++;
        }
        // A '-' not followed by a digit, or a digit run with a leading zero, is not JSON (Jackson's default).
        int intStart = i;
        while (i < limit && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        if (i == intStart || (i - intStart > 1 && s.charAt(intStart) == '0')) {
            return -1;
        }
        if (i < limit && s.charAt(i) == '.') {
            int f = ++i;
            while (i < limit && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            if (i == f) {
                return -1;
            }
        }
        if (i < limit && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < limit && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int e = i;
            while (i < limit && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            if (i == e) {
                return -1;
            }
        }
        return i - start > MAX_NUMBER ? -1 : i;
    }
}
