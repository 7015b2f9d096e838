package dev.capstan.api;

/**
 * Checks for text that cannot be stored as written. Redis stores bytes: Java strings are sent as
 * UTF-8, and a lone UTF-16 surrogate (half of a pair, e.g. {@code "x\uD800y"}) has no UTF-8 form,
 * so it would silently arrive as {@code '?'}. Such text is refused before anything is written.
 */
public final class UnicodeText {
    private UnicodeText() {}

    /** The index of the first lone surrogate in {@code s}, or -1 if every surrogate is part of a pair. */
    public static int loneSurrogateAt(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if ((c & 0xF800) == 0xD800) { // D800..DFFF, one test: this runs over every job's arguments
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++; // a proper pair
                } else {
                    return i;
                }
            }
        }
        return -1;
    }
}
