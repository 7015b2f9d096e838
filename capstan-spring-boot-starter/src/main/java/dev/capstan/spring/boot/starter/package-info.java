/**
 * The Capstan Spring Boot starter holds no code: it brings the auto-configuration
 * ({@code capstan-spring-boot-autoconfigure}) and the modules it configures (worker, scheduler,
 * dashboard, metrics, tracing). This package exists so that the starter has sources and javadoc
 * jars, as Maven Central requires of every jar.
 */
package dev.capstan.spring.boot.starter;
