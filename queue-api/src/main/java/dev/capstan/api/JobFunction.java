package dev.capstan.api;

/**
 * The body of a handler written as a lambda: {@code JobHandler.of("resize", ResizeArgs.class, (args, ctx) -> ...)}.
 *
 * @param <A> the argument type
 */
@FunctionalInterface
public interface JobFunction<A> {

    /** Runs one job; see {@link JobHandler#handle} for what returning and throwing mean. */
    void handle(A args, JobContext context) throws Exception;
}
