package dev.capstan.api;

/**
 * Why an attempt failed: exception class, message, a trimmed stack trace and when it happened.
 * Also used for dead-set reasons that are not exceptions (poison pill, undecodable element).
 *
 * <p>Every part is cut to a bounded length when the record is made (a handler's exception message
 * can be megabytes; stored whole it would blow up the job's element in Redis, and a retry element
 * far over the enqueue limit): the class name to {@value #MAX_CLASS_NAME_CHARS} characters, the
 * message to {@value #MAX_MESSAGE_CHARS}, the stack trace to {@value #MAX_STACK_CHARS} (at most
 * {@value #MAX_STACK_LINES} frames). Cut text ends with a note of how much was left out.
 */
public record JobError(String className, String message, String stackTrace, long at) {
    public static final int MAX_CLASS_NAME_CHARS = 512;
    public static final int MAX_MESSAGE_CHARS = 8_192;
    public static final int MAX_STACK_CHARS = 16_384;
    public static final int MAX_STACK_LINES = 20;

    public JobError {
        className = cut(className, MAX_CLASS_NAME_CHARS);
        message = cut(message, MAX_MESSAGE_CHARS);
        stackTrace = cut(stackTrace, MAX_STACK_CHARS);
    }

    public static JobError of(Throwable t, long at) {
        StringBuilder stack = new StringBuilder();
        StackTraceElement[] frames = t.getStackTrace();
        for (int i = 0; i < Math.min(frames.length, MAX_STACK_LINES) && stack.length() < MAX_STACK_CHARS; i++) {
            stack.append("at ").append(frames[i]).append('\n');
        }
        if (frames.length > MAX_STACK_LINES) {
            stack.append("... ").append(frames.length - MAX_STACK_LINES).append(" more\n");
        }
        return new JobError(t.getClass().getName(), String.valueOf(t.getMessage()), stack.toString(), at);
    }

    /** A reason that is not an exception, e.g. "poison pill". */
    public static JobError reason(String kind, String message, long at) {
        return new JobError(kind, message, null, at);
    }

    /** {@code text} cut to at most about {@code max} characters, never between the two halves of a surrogate pair. */
    static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "... (" + (text.length() - end) + " more characters cut)";
    }
}
