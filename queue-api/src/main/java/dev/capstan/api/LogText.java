package dev.capstan.api;

/**
 * Makes text from outside (job types, ids, queue names, keys, handler messages, request paths) safe
 * to put into one log line: line breaks, other control characters and Unicode line separators are
 * written as escapes ({@code \n}, {@code \u2028}), so that such text cannot start a forged log line,
 * and very long text is cut. For log arguments only; the stored values are never changed.
 */
public final class LogText {
    /** Longer text is cut to this many characters and marked as cut. */
    public static final int MAX_CHARS = 2_000;

    private LogText() {}

    /** {@code value}'s text with every character that could break the line escaped; "null" for null. */
    public static String escape(Object value) {
        String s = String.valueOf(value);
        int n = Math.min(s.length(), MAX_CHARS);
        int i = 0;
        while (i < n && !needsEscape(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s; // the common case: nothing to escape, nothing to cut
        }
        StringBuilder out = new StringBuilder(n + 16).append(s, 0, i);
        for (; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (needsEscape(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (s.length() > n) {
            out.append("...(").append(s.length() - n).append(" more characters)");
        }
        return out.toString();
    }

    /** True for characters a log line must not contain raw: C0 and C1 controls, DEL, U+2028 and U+2029. */
    public static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }
}
