package dev.capstan.spring.boot.secured;

import dev.capstan.api.JobHandler;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** A minimal application with Spring Security's defaults (every request authenticated) and one handler. */
@SpringBootApplication
public class SecuredApplication {
    public record Ping(int n) {}

    @Bean
    JobHandler<Ping> ping() {
        return JobHandler.of("ping", Ping.class, (args, ctx) -> { });
    }
}
