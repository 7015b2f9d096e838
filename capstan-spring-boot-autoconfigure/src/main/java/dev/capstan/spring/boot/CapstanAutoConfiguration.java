package dev.capstan.spring.boot;

import dev.capstan.api.JacksonJobCodec;
import dev.capstan.api.JobClient;
import dev.capstan.api.JobHandler;
import dev.capstan.api.QueueAdmin;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.scheduler.ScheduleAdmin;
import dev.capstan.worker.EnqueueMiddleware;
import dev.capstan.worker.ExecutionMiddleware;
import dev.capstan.worker.MiddlewareJobClient;
import dev.capstan.worker.Worker;
import dev.capstan.worker.WorkerBuilder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Capstan in a Spring Boot application: the Redis connection ({@link CapstanConnection}), the
 * {@link CapstanRedis} entry point, a {@link JobClient} (through every {@link EnqueueMiddleware} bean),
 * the {@link QueueAdmin} and {@link ScheduleAdmin}, the periodic schedules from configuration and
 * {@link PeriodicJob}, and, when the application has {@link JobHandler} beans, a {@link Worker} that
 * runs them all (through every {@link ExecutionMiddleware} bean), started and stopped with the context.
 * Every bean backs off when the application defines its own.
 */
@AutoConfiguration
@EnableConfigurationProperties(CapstanProperties.class)
public class CapstanAutoConfiguration {
    private static final Logger log = LoggerFactory.getLogger(CapstanAutoConfiguration.class);

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public CapstanConnection capstanConnection(CapstanProperties properties, ObjectProvider<SslBundles> sslBundles) {
        CapstanConnection connection = CapstanConnection.open(properties.getRedis(), sslBundles.getIfAvailable());
        log.info("Capstan: Redis at {}, namespace '{}'", connection.description(), properties.getNamespace());
        return connection;
    }

    @Bean
    @ConditionalOnMissingBean
    public CapstanRedis capstanRedis(CapstanConnection connection, CapstanProperties properties) {
        return new CapstanRedis(connection.redis(), QueueSettings.defaults(new Namespace(properties.getNamespace())),
                new JacksonJobCodec());
    }

    @Bean
    @ConditionalOnMissingBean
    public JobClient capstanJobClient(CapstanRedis capstan, ObjectProvider<EnqueueMiddleware> middleware) {
        List<EnqueueMiddleware> chain = middleware.orderedStream().toList();
        return chain.isEmpty() ? capstan.client() : new MiddlewareJobClient(capstan.client(), chain);
    }

    @Bean
    @ConditionalOnMissingBean
    public QueueAdmin capstanQueueAdmin(CapstanRedis capstan) {
        return capstan.admin();
    }

    @Bean
    @ConditionalOnMissingBean
    public ScheduleAdmin capstanScheduleAdmin(CapstanRedis capstan) {
        return new ScheduleAdmin(capstan.redis(), capstan.settings(), capstan.codec());
    }

    @Bean
    static LazyScheduleRegistrar capstanScheduleRegistrar(ObjectProvider<ScheduleAdmin> admin, ObjectProvider<CapstanProperties> properties,
                                                      ObjectProvider<JobHandler<?>> handlers) {
        return new LazyScheduleRegistrar(admin, properties, handlers);
    }

    /** The worker, when there is at least one handler bean and {@code capstan.worker.enabled} is not false. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "capstan.worker.enabled", matchIfMissing = true)
    @ConditionalOnBean(JobHandler.class)
    static class WorkerConfiguration {

        @Bean
        @ConditionalOnMissingBean
        Worker capstanWorker(CapstanRedis capstan, CapstanProperties properties, List<JobHandler<?>> handlers,
                             ObjectProvider<ExecutionMiddleware> middleware, ObjectProvider<CapstanWorkerCustomizer> customizers) {
            CapstanProperties.Worker w = properties.getWorker();
            WorkerBuilder builder = Worker.builder(capstan)
                    .concurrency(w.getConcurrency())
                    .shutdownTimeout(w.getShutdownTimeout())
                    .platformThreads(w.isPlatformThreads());
            if (!w.getWeights().isEmpty()) {
                builder.weightedQueues(w.getWeights());
            } else {
                builder.queues(w.getQueues().toArray(String[]::new));
            }
            middleware.orderedStream().forEach(builder::middleware);
            customizers.orderedStream().forEach(c -> c.customize(builder));
            for (JobHandler<?> handler : handlers) {
                if (!builder.hasHandler(handler.type())) {
                    builder.handler(handler);
                }
            }
            log.info("Capstan: worker for job types {}", handlers.stream().map(JobHandler::type).toList());
            return builder.build();
        }

        @Bean
        WorkerLifecycle capstanWorkerLifecycle(Worker worker) {
            return new WorkerLifecycle(worker);
        }
    }
}
