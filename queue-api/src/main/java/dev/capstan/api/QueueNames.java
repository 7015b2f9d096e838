package dev.capstan.api;

import java.util.regex.Pattern;

/** Rules for queue and job type names, checked before anything reaches the store. */
public final class QueueNames {
    /** Letters, digits, '-', '_' and '.', 1 to 64 characters: safe inside a Redis hash tag and a URL. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    /** The longest job type accepted. */
    public static final int MAX_TYPE_LENGTH = 200;

    private QueueNames() {}

    public static String requireValidQueue(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid queue name '" + LogText.escape(name)
                    + "': use 1 to 64 letters, digits, '-', '_' or '.', starting with a letter or digit");
        }
        return name;
    }

    /** True if {@code name} is a valid queue name (the check {@link #requireValidQueue} makes, without an exception). */
    public static boolean isValidQueue(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * A job type: 1 to 200 characters, not blank, without control characters (a type is written to
     * logs) and without lone UTF-16 surrogates (they cannot be stored: Redis would get {@code '?'}).
     */
    public static String requireValidType(String type) {
        if (type == null || type.isBlank() || type.length() > MAX_TYPE_LENGTH) {
            throw new IllegalArgumentException("invalid job type '" + LogText.escape(type) + "': use 1 to "
                    + MAX_TYPE_LENGTH + " characters");
        }
        for (int i = 0; i < type.length(); i++) {
            if (LogText.needsEscape(type.charAt(i))) {
                throw new IllegalArgumentException("invalid job type '" + LogText.escape(type)
                        + "': control characters and line breaks are not allowed (at index " + i + ")");
            }
        }
        int surrogate = UnicodeText.loneSurrogateAt(type);
        if (surrogate >= 0) {
            throw new IllegalArgumentException("invalid job type '" + LogText.escape(type)
                    + "': a lone UTF-16 surrogate at index " + surrogate + " has no UTF-8 form and would be stored as '?'");
        }
        return type;
    }
}
