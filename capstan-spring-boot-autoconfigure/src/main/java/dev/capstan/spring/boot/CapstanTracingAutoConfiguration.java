package dev.capstan.spring.boot;

import dev.capstan.opentelemetry.CapstanTracing;
import dev.capstan.worker.EnqueueMiddleware;
import dev.capstan.worker.ExecutionMiddleware;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Traces jobs through the application's {@link OpenTelemetry} bean: the {@code JobClient} bean makes a
 * producer span per enqueue and carries its {@code traceparent} in the job; the worker runs each
 * attempt in a consumer span of the same trace. Off with {@code capstan.tracing.enabled=false}.
 */
@AutoConfiguration(before = CapstanAutoConfiguration.class,
        afterName = "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration")
@ConditionalOnClass({CapstanTracing.class, OpenTelemetry.class})
@ConditionalOnBean(OpenTelemetry.class)
@ConditionalOnBooleanProperty(name = "capstan.tracing.enabled", matchIfMissing = true)
public class CapstanTracingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public CapstanTracing capstanTracing(OpenTelemetry openTelemetry) {
        return CapstanTracing.create(openTelemetry);
    }

    @Bean
    public EnqueueMiddleware capstanTracingEnqueue(CapstanTracing tracing) {
        return tracing.enqueueMiddleware();
    }

    @Bean
    public ExecutionMiddleware capstanTracingExecution(CapstanTracing tracing) {
        return tracing.executionMiddleware();
    }
}
