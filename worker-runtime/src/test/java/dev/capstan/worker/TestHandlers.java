package dev.capstan.worker;

import dev.capstan.api.JobContext;
import dev.capstan.api.JobHandler;

/** Small handlers for tests. */
final class TestHandlers {
    private TestHandlers() {}

    record Args(int n) {}

    @FunctionalInterface
    interface Body {
        void run(Args args, JobContext ctx) throws Exception;
    }

    static JobHandler<Args> handler(String type, Body body) {
        return new JobHandler<>() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public Class<Args> argsType() {
                return Args.class;
            }

            @Override
            public void handle(Args args, JobContext context) throws Exception {
                body.run(args, context);
            }
        };
    }
}
