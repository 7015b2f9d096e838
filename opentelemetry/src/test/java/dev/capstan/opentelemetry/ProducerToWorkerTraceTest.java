package dev.capstan.opentelemetry;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.JacksonJobCodec;
import dev.capstan.api.JobClient;
import dev.capstan.api.JobHandler;
import dev.capstan.api.RetryPolicy;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import dev.capstan.worker.JobTypeOptions;
import dev.capstan.worker.Worker;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The SDK's in-memory exporter sees one trace from the producer's request through every attempt on the worker. */
@ExtendWith(RedisExtension.class)
class ProducerToWorkerTraceTest {

    record Resize(String path) {}

    @Test
    void producerAndEveryAttemptShareOneTrace(RedisTestContext ctx) {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
                .build();
        ctx.closeAfter(otel);
        CapstanTracing tracing = CapstanTracing.create(otel);
        CapstanRedis capstan = new CapstanRedis(ctx.newClient(), QueueSettings.defaults(new Namespace(ctx.namespace())),
                new JacksonJobCodec());

        AtomicInteger attempts = new AtomicInteger();
        Set<String> traceSeenByHandler = ConcurrentHashMap.newKeySet();
        ctx.closeAfter(Worker.builder(capstan)
                .heartbeat(Duration.ofMillis(200), Duration.ofSeconds(2)).reaper(false, Duration.ofSeconds(1))
                .shutdownTimeout(Duration.ofSeconds(2))
                .middleware(tracing.executionMiddleware())
                .handler(JobHandler.of("resize", Resize.class, (args, c) -> {
                    traceSeenByHandler.add(Span.current().getSpanContext().getTraceId());
                    if (attempts.incrementAndGet() == 1) {
                        throw new IllegalStateException("disk full");
                    }
                }), JobTypeOptions.defaults().withRetryPolicy(RetryPolicy.fixed(Duration.ofMillis(50))))
                .build().start());

        JobClient client = tracing.tracedClient(capstan.client());
        Span request = otel.getTracer("test").spanBuilder("POST /images").setSpanKind(SpanKind.SERVER).startSpan();
        String jobId;
        try (Scope ignored = request.makeCurrent()) {
            jobId = client.enqueue("resize", new Resize("a.png")).jobId();
        } finally {
            request.end();
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> exporter.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.CONSUMER).count() == 2);
        List<SpanData> spans = exporter.getFinishedSpanItems();
        String traceId = request.getSpanContext().getTraceId();
        assertTrue(spans.stream().allMatch(s -> s.getTraceId().equals(traceId)), "one trace: " + spans);
        assertEquals(Set.of(traceId), traceSeenByHandler, "the handler runs inside the consumer span");

        SpanData producer = spans.stream().filter(s -> s.getKind() == SpanKind.PRODUCER).findFirst().orElseThrow();
        assertEquals("send default", producer.getName());
        assertEquals(request.getSpanContext().getSpanId(), producer.getParentSpanId());
        assertEquals(jobId, producer.getAttributes().get(AttributeKey.stringKey("messaging.message.id")));
        assertEquals("capstan", producer.getAttributes().get(AttributeKey.stringKey("messaging.system")));

        List<SpanData> consumers = spans.stream().filter(s -> s.getKind() == SpanKind.CONSUMER)
                .sorted(Comparator.comparing(s -> s.getAttributes().get(AttributeKey.longKey("capstan.job.attempt"))))
                .toList();
        for (SpanData consumer : consumers) {
            assertEquals("process default", consumer.getName());
            assertEquals(producer.getSpanId(), consumer.getParentSpanId(), "a child of the producer's span");
            assertEquals(1, consumer.getLinks().size());
            assertEquals(producer.getSpanId(), consumer.getLinks().get(0).getSpanContext().getSpanId(), "and linked to it");
            assertTrue(consumer.getLinks().get(0).getSpanContext().isRemote(), "a context that came with the job");
            assertEquals(jobId, consumer.getAttributes().get(AttributeKey.stringKey("messaging.message.id")));
            assertEquals("default", consumer.getAttributes().get(AttributeKey.stringKey("messaging.destination.name")));
            assertEquals("process", consumer.getAttributes().get(AttributeKey.stringKey("messaging.operation.type")));
            assertEquals("resize", consumer.getAttributes().get(AttributeKey.stringKey("capstan.job.type")));
        }
        SpanData failed = consumers.get(0);
        assertEquals(0L, failed.getAttributes().get(AttributeKey.longKey("capstan.job.attempt")));
        assertEquals(StatusCode.ERROR, failed.getStatus().getStatusCode());
        assertEquals("java.lang.IllegalStateException", failed.getAttributes().get(AttributeKey.stringKey("error.type")));
        assertEquals("retry", failed.getAttributes().get(AttributeKey.stringKey("capstan.job.outcome")));
        assertNotNull(failed.getEvents().stream().filter(e -> e.getName().equals("exception")).findFirst().orElse(null));
        SpanData retried = consumers.get(1);
        assertEquals(1L, retried.getAttributes().get(AttributeKey.longKey("capstan.job.attempt")));
        assertEquals(StatusCode.UNSET, retried.getStatus().getStatusCode());
        assertEquals("succeeded", retried.getAttributes().get(AttributeKey.stringKey("capstan.job.outcome")));
    }
}
