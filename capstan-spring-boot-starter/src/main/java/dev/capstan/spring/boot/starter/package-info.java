/**
 * The Capstan Spring Boot starter holds no code of its own: it brings the auto-configuration
 * ({@code capstan-spring-boot-autoconfigure}) and the modules it configures (worker, scheduler,
 * dashboard, metrics, tracing). {@link dev.capstan.spring.boot.starter.CapstanStarter} documents it, and gives the starter
 * sources and javadoc jars, as Maven Central requires of every jar.
 */
package dev.capstan.spring.boot.starter;
