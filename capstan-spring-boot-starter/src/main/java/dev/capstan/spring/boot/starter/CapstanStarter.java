package dev.capstan.spring.boot.starter;

/**
 * What the starter brings: {@code capstan-spring-boot-autoconfigure} (see
 * {@code dev.capstan.spring.boot.CapstanAutoConfiguration} and {@code CapstanProperties} for the
 * {@code capstan.*} settings) and the modules it configures: worker runtime, scheduler, dashboard,
 * metrics and tracing. Nothing to call: adding the dependency is the whole of it.
 */
public final class CapstanStarter {
    /** The starter's configuration prefix. */
    public static final String PROPERTIES_PREFIX = "capstan";

    private CapstanStarter() {}
}
