package dev.capstan.api;

/**
 * A handler whose jobs produce a result: any Jackson-encodable value, stored with the job's final
 * state when the job is tracked ({@link JobRequest#keepResult}), and handed to the parent of a flow
 * ({@link JobContext#childResults}). For a job that is not tracked the result is dropped, at no cost.
 *
 * <pre>{@code
 * ResultHandler<Order, Receipt> charge = ResultHandler.of("charge", Order.class, (order, ctx) -> psp.charge(order));
 * }</pre>
 *
 * @param <A> the argument type
 * @param <R> the result type
 */
public interface ResultHandler<A, R> extends JobHandler<A> {

    /**
     * Runs one job and returns its result (null is a result too). Throwing fails the attempt exactly
     * as {@link JobHandler#handle} does.
     */
    R run(A args, JobContext context) throws Exception;

    /** Runs the job and drops the result: the worker calls {@link #run} itself to keep it. */
    @Override
    default void handle(A args, JobContext context) throws Exception {
        run(args, context);
    }

    /** A handler for job type {@code type} whose body returns the result. */
    static <A, R> ResultHandler<A, R> of(String type, Class<A> argsType, ResultFunction<A, R> body) {
        QueueNames.requireValidType(type);
        java.util.Objects.requireNonNull(argsType, "argsType");
        java.util.Objects.requireNonNull(body, "body");
        return new ResultHandler<>() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public Class<A> argsType() {
                return argsType;
            }

            @Override
            public R run(A args, JobContext context) throws Exception {
                return body.apply(args, context);
            }

            @Override
            public String toString() {
                return "ResultHandler[" + type + "]";
            }
        };
    }

    /** A handler whose type name comes from the {@link JobType} annotation of {@code argsType}, as {@link JobHandler#of(Class, JobFunction)}. */
    static <A, R> ResultHandler<A, R> of(Class<A> argsType, ResultFunction<A, R> body) {
        return of(JobTypes.typeOfArgs(argsType), argsType, body);
    }

    /** The body of a {@link ResultHandler} written as a lambda. */
    @FunctionalInterface
    interface ResultFunction<A, R> {
        R apply(A args, JobContext context) throws Exception;
    }
}
