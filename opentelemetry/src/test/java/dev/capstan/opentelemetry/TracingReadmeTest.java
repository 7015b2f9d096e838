package dev.capstan.opentelemetry;

import static org.awaitility.Awaitility.await;

import dev.capstan.api.JacksonJobCodec;
import dev.capstan.api.JobClient;
import dev.capstan.api.JobHandler;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import dev.capstan.worker.Worker;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's OpenTelemetry example, run against a real Redis. */
@ExtendWith(RedisExtension.class)
class TracingReadmeTest {
    record Resize(String path) {}

    @Test
    void tracedProducerAndWorker(RedisTestContext ctx) {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        OpenTelemetry openTelemetry = ctx.closeAfter(OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
                .build());
        CapstanRedis capstan = new CapstanRedis(ctx.newClient(), QueueSettings.defaults(new Namespace(ctx.namespace())),
                new JacksonJobCodec());
        // tag::tracing[]
        CapstanTracing tracing = CapstanTracing.create(openTelemetry);      // your SDK or the agent's; API-only here
        JobClient client = tracing.tracedClient(capstan.client());          // a PRODUCER span; traceparent into the job
        Worker worker = Worker.builder(capstan)
                .middleware(tracing.executionMiddleware())                   // a CONSUMER span per attempt, same trace
                .handler(JobHandler.of("resize", Resize.class, (args, c) -> { }))
                .build().start();
        client.enqueue("resize", new Resize("cat.png"));
        // end::tracing[]
        ctx.closeAfter(worker);
        await().atMost(Duration.ofSeconds(10)).until(() -> exporter.getFinishedSpanItems().stream()
                .anyMatch(s -> s.getKind() == SpanKind.CONSUMER));
    }
}
