package dev.capstan.api;

import com.fasterxml.jackson.core.StreamReadConstraints;

/**
 * A quick look at written JSON for anything that could break Jackson's read limits (a number with
 * more digits, a string or name longer, or nesting deeper than {@link StreamReadConstraints} allow).
 * One pass over the characters, a few times cheaper than parsing: a {@code false} answer is certain,
 * a {@code true} one is checked by a real parse (a long string value, say, is usually fine).
 */
final class JsonReadLimits {
    private final int maxNumber;
    private final int maxString;
    private final int maxDepth;
    private final long maxDocument;

    JsonReadLimits(StreamReadConstraints c) {
        this.maxNumber = c.getMaxNumberLength();
        this.maxString = Math.min(c.getMaxNameLength(), c.getMaxStringLength());
        this.maxDepth = c.getMaxNestingDepth();
        this.maxDocument = c.hasMaxDocumentLength() ? c.getMaxDocumentLength() : Long.MAX_VALUE;
    }

    /** Below this length no limit can be reached (no token, string or nesting is longer than the text). */
    int safeLength() {
        return (int) Math.min(Math.min(Math.min(maxNumber, maxString), maxDepth), Math.min(maxDocument, Integer.MAX_VALUE));
    }

    /** {@link #scan} found something that might exceed a read limit: parse to be sure. */
    static final int MIGHT_EXCEED = 1;
    /** {@link #scan} found a UTF-16 surrogate in a string (paired or not; surrogates occur nowhere else in JSON). */
    static final int SURROGATE = 2;

    /** True if {@code json} might exceed a limit; false if it certainly does not. */
    boolean mightExceed(String json) {
        return (scan(json) & MIGHT_EXCEED) != 0;
    }

    /** One pass: {@link #MIGHT_EXCEED} and {@link #SURROGATE} as found. */
    int scan(String json) {
        int n = json.length();
        int found = n > maxDocument ? MIGHT_EXCEED : 0;
        int depth = 0;
        int numberRun = 0;
        for (int i = 0; i < n; i++) {
            char c = json.charAt(i);
            if (c == '"') {
                int start = i;
                for (i++; i < n; i++) { // to the closing quote, stepping over escapes
                    char s = json.charAt(i);
                    if (s == '\\') {
                        i++;
                    } else if (s == '"') {
                        break;
                    } else if ((s & 0xF800) == 0xD800) {
                        found |= SURROGATE;
                    }
                }
                if (i - start - 1 > maxString) { // escaped text is longer than what it reads as: errs on the safe side
                    found |= MIGHT_EXCEED;
                }
                numberRun = 0;
            } else if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
                if (++numberRun > maxNumber) {
                    found |= MIGHT_EXCEED;
                }
            } else {
                numberRun = 0;
                if (c == '{' || c == '[') {
                    if (++depth > maxDepth) {
                        found |= MIGHT_EXCEED;
                    }
                } else if (c == '}' || c == ']') {
                    depth--;
                }
            }
        }
        return found;
    }
}
