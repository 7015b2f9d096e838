package dev.capstan.api;

import java.util.Objects;

/** A handler made of a type name, an argument class and a lambda ({@link JobHandler#of}). */
record FunctionJobHandler<A>(String type, Class<A> argsType, JobFunction<A> body) implements JobHandler<A> {

    FunctionJobHandler {
        QueueNames.requireValidType(type);
        Objects.requireNonNull(argsType, "argsType");
        Objects.requireNonNull(body, "body");
    }

    @Override
    public void handle(A args, JobContext context) throws Exception {
        body.handle(args, context);
    }

    @Override
    public String toString() {
        return "JobHandler[" + type + ", " + argsType.getSimpleName() + "]";
    }
}
