package dev.capstan.opentelemetry;

import static dev.capstan.opentelemetry.MessagingAttributes.DESTINATION;
import static dev.capstan.opentelemetry.MessagingAttributes.ERROR_TYPE;
import static dev.capstan.opentelemetry.MessagingAttributes.JOB_ATTEMPT;
import static dev.capstan.opentelemetry.MessagingAttributes.JOB_OUTCOME;
import static dev.capstan.opentelemetry.MessagingAttributes.JOB_TYPE;
import static dev.capstan.opentelemetry.MessagingAttributes.MESSAGE_ID;
import static dev.capstan.opentelemetry.MessagingAttributes.OPERATION_NAME;
import static dev.capstan.opentelemetry.MessagingAttributes.OPERATION_TYPE;
import static dev.capstan.opentelemetry.MessagingAttributes.SYSTEM;
import static dev.capstan.opentelemetry.MessagingAttributes.SYSTEM_NAME;

import dev.capstan.api.Job;
import dev.capstan.api.JobContext;
import dev.capstan.api.JobOutcome;
import dev.capstan.worker.ExecutionMiddleware;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.Map;

/**
 * One CONSUMER span per attempt ("process QUEUE"): its parent is the producer's span, taken from the
 * job's {@code traceparent} metadata, so producer and worker share one trace, and it also links to that
 * span as the messaging conventions ask. It is current while the handler runs (the handler's own spans
 * and enqueues nest under it), and a failed attempt is recorded on it (exception event, status ERROR,
 * {@code error.type}). Retries are new spans with a higher {@code capstan.job.attempt}.
 */
final class TracingExecutionMiddleware implements ExecutionMiddleware {
    private static final TextMapGetter<Map<String, String>> METADATA = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    TracingExecutionMiddleware(Tracer tracer, TextMapPropagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    public void around(Job job, JobContext context, Next next) throws Exception {
        Context producer = propagator.extract(Context.root(), job.metadata(), METADATA);
        SpanContext producerSpan = Span.fromContext(producer).getSpanContext();
        SpanBuilder builder = tracer.spanBuilder("process " + job.queue())
                .setSpanKind(SpanKind.CONSUMER)
                .setParent(producer)
                .setAttribute(SYSTEM, SYSTEM_NAME)
                .setAttribute(OPERATION_TYPE, "process")
                .setAttribute(OPERATION_NAME, "process")
                .setAttribute(DESTINATION, job.queue())
                .setAttribute(MESSAGE_ID, job.id())
                .setAttribute(JOB_TYPE, job.type())
                .setAttribute(JOB_ATTEMPT, (long) job.attempt());
        if (producerSpan.isValid()) {
            builder.addLink(producerSpan);
        }
        Span span = builder.startSpan();
        try (Scope ignored = span.makeCurrent()) {
            next.proceed();
            span.setAttribute(JOB_OUTCOME, "succeeded");
        } catch (JobOutcome.Discard e) {
            span.setAttribute(JOB_OUTCOME, "discarded");
            throw e;
        } catch (JobOutcome.RetryLater e) {
            span.setAttribute(JOB_OUTCOME, "retry-later");
            throw e;
        } catch (Exception | Error e) {
            span.recordException(e);
            span.setAttribute(ERROR_TYPE, e.getClass().getName());
            span.setAttribute(JOB_OUTCOME, e instanceof JobOutcome.SendToDead || !job.hasAttemptsLeft() ? "dead" : "retry");
            span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
            throw e;
        } finally {
            span.end();
        }
    }
}
