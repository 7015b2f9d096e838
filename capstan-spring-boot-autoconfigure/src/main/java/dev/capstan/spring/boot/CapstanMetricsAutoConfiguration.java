package dev.capstan.spring.boot;

import dev.capstan.metrics.CapstanMetrics;
import dev.capstan.metrics.JobMeters;
import dev.capstan.metrics.WorkerMeters;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.worker.Worker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Capstan's meters on the application's Micrometer registry (and so on {@code /actuator/prometheus}
 * or any other backend): queue gauges, per-type job counters and execution histograms (the
 * {@link JobMeters} middleware joins the worker) and the worker's gauges.
 */
@AutoConfiguration(after = CapstanAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration"})
@ConditionalOnClass({CapstanMetrics.class, MeterRegistry.class})
@ConditionalOnBean({MeterRegistry.class, CapstanRedis.class})
public class CapstanMetricsAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public CapstanMetrics capstanMetrics(MeterRegistry registry, CapstanRedis capstan) {
        return CapstanMetrics.bind(registry, capstan.admin());
    }

    /** Joins the worker's middleware chain (the worker takes every ExecutionMiddleware bean). */
    @Bean
    public JobMeters capstanJobMeters(CapstanMetrics metrics) {
        return metrics.jobs();
    }

    @Bean
    @ConditionalOnBean(Worker.class)
    public MeterBinder capstanWorkerMeters(Worker worker) {
        return new WorkerMeters(worker);
    }
}
