package dev.capstan.opentelemetry;

import static dev.capstan.opentelemetry.MessagingAttributes.DESTINATION;
import static dev.capstan.opentelemetry.MessagingAttributes.ENQUEUE_OUTCOME;
import static dev.capstan.opentelemetry.MessagingAttributes.ERROR_TYPE;
import static dev.capstan.opentelemetry.MessagingAttributes.JOB_TYPE;
import static dev.capstan.opentelemetry.MessagingAttributes.MESSAGE_ID;
import static dev.capstan.opentelemetry.MessagingAttributes.OPERATION_NAME;
import static dev.capstan.opentelemetry.MessagingAttributes.OPERATION_TYPE;
import static dev.capstan.opentelemetry.MessagingAttributes.SYSTEM;
import static dev.capstan.opentelemetry.MessagingAttributes.SYSTEM_NAME;

import dev.capstan.api.EnqueueResult;
import dev.capstan.api.JobRequest;
import dev.capstan.worker.EnqueueMiddleware;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.ArrayList;
import java.util.List;

/**
 * One PRODUCER span per enqueued job ("send QUEUE", a child of the caller's current span), whose
 * context goes into the job's metadata as W3C {@code traceparent} (and {@code tracestate}), where the
 * worker's {@link TracingExecutionMiddleware} picks it up.
 */
final class TracingEnqueueMiddleware implements EnqueueMiddleware {
    private final Tracer tracer;
    private final TextMapPropagator propagator;

    TracingEnqueueMiddleware(Tracer tracer, TextMapPropagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    public List<EnqueueResult> around(List<JobRequest> requests, Next next) {
        List<Span> spans = new ArrayList<>(requests.size());
        for (JobRequest request : requests) {
            Span span = tracer.spanBuilder("send " + request.queue())
                    .setSpanKind(SpanKind.PRODUCER)
                    .setAttribute(SYSTEM, SYSTEM_NAME)
                    .setAttribute(OPERATION_TYPE, "send")
                    .setAttribute(OPERATION_NAME, "send")
                    .setAttribute(DESTINATION, request.queue())
                    .setAttribute(JOB_TYPE, request.type())
                    .startSpan();
            propagator.inject(Context.current().with(span), request, JobRequest::metadata);
            spans.add(span);
        }
        try {
            List<EnqueueResult> results = next.proceed(requests);
            for (int i = 0; i < spans.size() && i < results.size(); i++) {
                EnqueueResult result = results.get(i);
                spans.get(i).setAttribute(MESSAGE_ID, result.jobId());
                spans.get(i).setAttribute(ENQUEUE_OUTCOME, result.outcome().name());
            }
            return results;
        } catch (RuntimeException e) {
            for (Span span : spans) {
                span.recordException(e);
                span.setAttribute(ERROR_TYPE, e.getClass().getName());
                span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
            }
            throw e;
        } finally {
            spans.forEach(Span::end);
        }
    }
}
