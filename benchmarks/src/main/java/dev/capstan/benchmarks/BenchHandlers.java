package dev.capstan.benchmarks;

import dev.capstan.api.JobContext;
import dev.capstan.api.JobHandler;
import java.util.function.Consumer;

/** Handlers the benchmarks run: they do (almost) nothing, so the queue itself is what is measured. */
final class BenchHandlers {
    private BenchHandlers() {}

    /** The realistic small payload of the throughput benchmark: {"userId":12345,"template":"welcome"}. */
    record Welcome(int userId, String template) {
        static final Welcome SAMPLE = new Welcome(12345, "welcome");
    }

    /** Carries the producer's {@code System.nanoTime()} just before enqueue (same JVM as the handler). */
    record Stamped(long enqueuedNanos) {}

    /** Carries the due time of a scheduled job (epoch ms). */
    record Due(long dueAtMillis) {}

    static <A> JobHandler<A> handler(String type, Class<A> argsType, Consumer<A> body) {
        return new JobHandler<>() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public Class<A> argsType() {
                return argsType;
            }

            @Override
            public void handle(A args, JobContext context) {
                body.accept(args);
            }
        };
    }
}
