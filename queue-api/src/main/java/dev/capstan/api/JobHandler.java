package dev.capstan.api;

/**
 * Code that runs jobs of one type.
 *
 * <p>{@link #type()} is the stable name stored in each job: renaming or moving the Java class does
 * not orphan jobs already queued, as long as the name stays. Arguments are decoded from the job's
 * JSON into {@link #argsType()}, usually a record.
 *
 * <p>Both can be left out: by default the type name comes from {@link JobType} on the class or on its
 * argument class, else from the class name ({@code SendWelcomeEmail} → {@code send-welcome-email}),
 * and the argument class is the type argument given to {@code JobHandler} (see {@link JobTypes}). A
 * handler can also be a lambda: {@code JobHandler.of("resize", ResizeArgs.class, (args, ctx) -> ...)}.
 *
 * @param <A> the argument type
 */
public interface JobHandler<A> {

    /**
     * The job type name, e.g. "send-email". Stable across releases. By default derived by
     * {@link JobTypes#typeOf}: {@link JobType} on this class or its argument class, else the class name.
     */
    default String type() {
        return JobTypes.typeOf(getClass());
    }

    /** The class the job's JSON arguments decode into; by default the type argument given to {@code JobHandler}. */
    @SuppressWarnings("unchecked")
    default Class<A> argsType() {
        return (Class<A>) JobTypes.argsTypeOf(getClass());
    }

    /**
     * Runs one job. Returning normally acknowledges it; throwing fails the attempt, which is retried
     * after the backoff until its attempts run out, then moved to the dead set. Throw
     * {@link JobOutcome.Discard}, {@link JobOutcome.SendToDead} or {@link JobOutcome.RetryLater}
     * to decide yourself.
     */
    void handle(A args, JobContext context) throws Exception;

    /** A handler for job type {@code type}, with arguments of class {@code argsType}, that runs {@code body}. */
    static <A> JobHandler<A> of(String type, Class<A> argsType, JobFunction<A> body) {
        return new FunctionJobHandler<>(type, argsType, body);
    }

    /** A handler whose type name comes from the {@link JobType} annotation of {@code argsType}. */
    static <A> JobHandler<A> of(Class<A> argsType, JobFunction<A> body) {
        return new FunctionJobHandler<>(JobTypes.typeOfArgs(argsType), argsType, body);
    }
}
