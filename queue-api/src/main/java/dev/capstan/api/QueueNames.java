package dev.capstan.api;

import java.util.regex.Pattern;

/** Rules for queue and job type names, checked before anything reaches the store. */
public final class QueueNames {
    /** Letters, digits, '-', '_' and '.', 1 to 64 characters: safe inside a Redis hash tag and a URL. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private QueueNames() {}

    public static String requireValidQueue(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid queue name '" + name
                    + "': use 1 to 64 letters, digits, '-', '_' or '.', starting with a letter or digit");
        }
        return name;
    }

    public static String requireValidType(String type) {
        if (type == null || type.isBlank() || type.length() > 200) {
            throw new IllegalArgumentException("invalid job type '" + type + "': use 1 to 200 characters");
        }
        return type;
    }
}
