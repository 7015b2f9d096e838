package dev.capstan.spring.boot;

import dev.capstan.dashboard.Dashboard;
import dev.capstan.dashboard.DashboardBuilder;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.counter.TimeSeriesCounter;
import dev.capstan.redis.flags.FeatureFlags;
import dev.capstan.redis.gates.JobGates;
import dev.capstan.redis.livestatus.LiveStatus;
import dev.capstan.redis.ratelimit.RateLimiters;
import dev.capstan.redis.session.SessionStore;
import dev.capstan.scheduler.ScheduleAdmin;
import jakarta.servlet.Servlet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.util.ClassUtils;

/**
 * Mounts Capstan's dashboard inside the application's own servlet server at {@code capstan.dashboard.path}
 * (default {@code /capstan}) when {@code capstan.dashboard.enabled=true}. With Spring Security in the
 * application, the application's security authenticates dashboard requests (the dashboard refuses any
 * request that arrives unauthenticated, and {@code capstan.dashboard.role} may require a role); the
 * dashboard's own CSRF token protects its actions, so Spring's CSRF check skips its path. Without
 * Spring Security, the dashboard's own login guards it ({@code capstan.dashboard.username/password}).
 */
@AutoConfiguration(after = CapstanAutoConfiguration.class)
@ConditionalOnClass({Dashboard.class, ServletRegistrationBean.class, Servlet.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty("capstan.dashboard.enabled")
@ConditionalOnBean(CapstanRedis.class)
public class CapstanDashboardAutoConfiguration {
    private static final Logger log = LoggerFactory.getLogger(CapstanDashboardAutoConfiguration.class);
    static final String SPRING_SECURITY = "org.springframework.security.web.SecurityFilterChain";
    static final String PROMETHEUS_REGISTRY = "io.micrometer.prometheusmetrics.PrometheusMeterRegistry";

    @Bean(destroyMethod = "close")
    FeatureFlags capstanDashboardFlags(CapstanRedis capstan) {
        return new FeatureFlags(capstan.redis(), capstan.namespace());
    }

    @Bean
    public ServletRegistrationBean<Servlet> capstanDashboard(CapstanRedis capstan, CapstanProperties properties,
                                                             FeatureFlags capstanDashboardFlags, ScheduleAdmin schedules,
                                                             Environment environment, ApplicationContext context) {
        CapstanProperties.Dashboard d = properties.getDashboard();
        String path = normalize(d.getPath());
        String contextPath = environment.getProperty("server.servlet.context-path", "");
        FeatureFlags flags = capstanDashboardFlags;
        LiveStatus status = new LiveStatus(capstan.redis(), capstan.namespace());
        DashboardBuilder builder = Dashboard.builder()
                .admin(capstan.admin())
                .workers(capstan.workers())
                .controls(new JobGates(flags))
                .stats(new TimeSeriesCounter(capstan.redis(), capstan.namespace()))
                .schedules(schedules)
                .progress(new LiveStatus(capstan.redis(), capstan.namespace()))
                .flags(flags)
                .lifecycle(capstan.jobs()) // job status and results, cancel buttons, batches
                // Sessions and login counts in Redis: every instance behind a load balancer knows them.
                .sessions(new SessionStore(capstan.redis(), capstan.namespace()))
                .loginThrottle(RateLimiters.on(capstan.redis(), capstan.namespace()));
        if (d.getAllowedHosts().isEmpty()) {
            // Mounted in the application's own server, the dashboard answers the host names the application
            // answers; a POST must still come from the page's own origin.
            builder.allowAnyHost();
        } else {
            builder.allowedHosts(d.getAllowedHosts().toArray(String[]::new));
        }
        boolean springSecurity = ClassUtils.isPresent(SPRING_SECURITY, getClass().getClassLoader());
        if (springSecurity) {
            builder.authenticatedUpstream(d.getRole());
        } else {
            if (d.getPassword() == null || d.getPassword().isBlank()) {
                throw new IllegalStateException("capstan.dashboard.enabled=true without Spring Security needs "
                        + "capstan.dashboard.password (and optionally capstan.dashboard.username) for the dashboard's login");
            }
            builder.credentials(d.getUsername(), d.getPassword());
        }
        if (ClassUtils.isPresent(PROMETHEUS_REGISTRY, getClass().getClassLoader())) {
            PrometheusText.of(context).ifPresent(builder::metrics); // GET <path>/metrics
        }
        Servlet servlet = builder.build().servlet(contextPath + path);
        ServletRegistrationBean<Servlet> registration = new ServletRegistrationBean<>(servlet, path + "/*");
        registration.setName("capstanDashboard");
        registration.setLoadOnStartup(1);
        log.info("Capstan dashboard at {}{}/ ({})", contextPath, path,
                springSecurity ? "secured by the application's Spring Security" : "with its own login");
        return registration;
    }

    static String normalize(String path) {
        String p = path.startsWith("/") ? path : "/" + path;
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    /** Kept apart so that the Prometheus registry class is only touched when it is on the classpath. */
    static final class PrometheusText {
        static java.util.Optional<java.util.function.Supplier<String>> of(ApplicationContext context) {
            return context.getBeanProvider(io.micrometer.prometheusmetrics.PrometheusMeterRegistry.class).stream()
                    .findFirst().map(registry -> registry::scrape);
        }
    }

    /** With Spring Security: its CSRF check skips the dashboard, which checks its own token on every action. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = SPRING_SECURITY)
    static class DashboardSecurity {

        @Bean
        Customizer<HttpSecurity> capstanDashboardCsrf(CapstanProperties properties) {
            String path = normalize(properties.getDashboard().getPath());
            return http -> {
                try {
                    http.csrf(csrf -> csrf.ignoringRequestMatchers(PathPatternRequestMatcher.withDefaults().matcher(path + "/**")));
                } catch (Exception e) {
                    throw new IllegalStateException("could not exempt the Capstan dashboard from Spring's CSRF check", e);
                }
            };
        }
    }
}
