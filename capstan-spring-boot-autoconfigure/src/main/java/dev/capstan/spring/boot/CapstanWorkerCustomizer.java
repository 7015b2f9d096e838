package dev.capstan.spring.boot;

import dev.capstan.worker.WorkerBuilder;

/**
 * Adjusts the starter's worker before it is built: per-type options, rate limits, rollouts, extra
 * duties. A handler registered here (say, with {@code JobTypeOptions}) is not registered again from
 * its bean.
 *
 * <pre>{@code
 * @Bean
 * CapstanWorkerCustomizer chargeCardOptions(ChargeCard chargeCard) {
 *     return worker -> worker.handler(chargeCard, JobTypeOptions.defaults().withMaxAttempts(5));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface CapstanWorkerCustomizer {
    void customize(WorkerBuilder builder);
}
