package dev.capstan.opentelemetry;

import dev.capstan.api.JobClient;
import dev.capstan.worker.EnqueueMiddleware;
import dev.capstan.worker.ExecutionMiddleware;
import dev.capstan.worker.MiddlewareJobClient;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.List;

/**
 * OpenTelemetry tracing for Capstan jobs, on the OpenTelemetry API alone (the application brings the
 * SDK or the Java agent). Producers wrap their {@link JobClient} ({@link #tracedClient}): each enqueue
 * makes a PRODUCER span and stores its W3C {@code traceparent} in the job's metadata. Workers add
 * {@link #executionMiddleware()}: each attempt runs in a CONSUMER span that continues the producer's
 * trace and links to its span.
 *
 * <pre>{@code
 * CapstanTracing tracing = CapstanTracing.create(openTelemetry);
 * JobClient client = tracing.tracedClient(capstan.client());
 * Worker.builder(capstan).middleware(tracing.executionMiddleware())...
 * }</pre>
 */
public final class CapstanTracing {
    /** The instrumentation scope name of Capstan's spans. */
    public static final String INSTRUMENTATION_NAME = "dev.capstan";

    private final TracingEnqueueMiddleware producer;
    private final TracingExecutionMiddleware consumer;

    private CapstanTracing(Tracer tracer, TextMapPropagator propagator) {
        this.producer = new TracingEnqueueMiddleware(tracer, propagator);
        this.consumer = new TracingExecutionMiddleware(tracer, propagator);
    }

    /**
     * Tracing through {@code openTelemetry}. Trace context always travels as W3C {@code traceparent};
     * propagators configured on {@code openTelemetry} (baggage, for instance) are applied as well.
     */
    public static CapstanTracing create(OpenTelemetry openTelemetry) {
        TextMapPropagator propagator = TextMapPropagator.composite(W3CTraceContextPropagator.getInstance(),
                openTelemetry.getPropagators().getTextMapPropagator());
        return new CapstanTracing(openTelemetry.getTracer(INSTRUMENTATION_NAME), propagator);
    }

    /** The producer side as an enqueue middleware. */
    public EnqueueMiddleware enqueueMiddleware() {
        return producer;
    }

    /** The worker side: add it with {@code WorkerBuilder.middleware(...)}. */
    public ExecutionMiddleware executionMiddleware() {
        return consumer;
    }

    /** {@code client} with a PRODUCER span around every enqueue. */
    public JobClient tracedClient(JobClient client) {
        return new MiddlewareJobClient(client, List.of(producer));
    }
}
