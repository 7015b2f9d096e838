package dev.capstan.spring.boot;

import dev.capstan.redis.CapstanRedis;
import dev.capstan.worker.Worker;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/** The {@code capstan} health indicator (Actuator), off with {@code management.health.capstan.enabled=false}. */
@AutoConfiguration(after = CapstanAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(CapstanRedis.class)
@ConditionalOnEnabledHealthIndicator("capstan")
public class CapstanHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "capstanHealthIndicator")
    public CapstanHealthIndicator capstanHealthIndicator(CapstanRedis capstan, CapstanConnection connection,
                                                         ObjectProvider<Worker> worker) {
        return new CapstanHealthIndicator(capstan, connection, worker.getIfAvailable());
    }
}
