package dev.capstan.worker;

/**
 * Tells whether a job's thread is the one that asked the JVM to exit: a handler that calls
 * {@code System.exit} (or {@code Runtime.exit}) blocks in it while the shutdown hooks run, so during
 * that shutdown its thread's stack holds the exit frames. Such a job brought its worker down; its
 * push-back counts a recovery, so that the poison-pill limit stops a crash loop.
 */
final class ShutdownCause {
    private ShutdownCause() {}

    static boolean isExiting(Thread thread) {
        StackTraceElement[] stack;
        try {
            stack = thread.getStackTrace();
        } catch (SecurityException | UnsupportedOperationException e) {
            return false;
        }
        for (StackTraceElement frame : stack) {
            String cls = frame.getClassName();
            String method = frame.getMethodName();
            if (cls.equals("java.lang.Shutdown")
                    || (cls.equals("java.lang.Runtime") && (method.equals("exit") || method.equals("halt")))
                    || (cls.equals("java.lang.System") && method.equals("exit"))) {
                return true;
            }
        }
        return false;
    }
}
