package dev.capstan.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot service using Capstan through the starter: {@code POST /signups} enqueues a welcome
 * email through the {@code JobClient} bean; the {@link WelcomeEmailHandler} bean runs it on the
 * starter's worker; {@link NightlyReport} runs every night; the dashboard is at {@code /capstan},
 * health and Prometheus under {@code /actuator}. Redis: {@code REDIS_URL} (default localhost:6379).
 */
@SpringBootApplication
public class SpringExampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SpringExampleApplication.class, args);
    }
}
