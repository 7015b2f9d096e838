package dev.capstan.api;

/**
 * Why an attempt failed: exception class, message, a trimmed stack trace and when it happened.
 * Also used for dead-set reasons that are not exceptions (poison pill, undecodable element).
 */
public record JobError(String className, String message, String stackTrace, long at) {
    private static final int MAX_STACK_LINES = 20;

    public static JobError of(Throwable t, long at) {
        StringBuilder stack = new StringBuilder();
        StackTraceElement[] frames = t.getStackTrace();
        for (int i = 0; i < Math.min(frames.length, MAX_STACK_LINES); i++) {
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
}
