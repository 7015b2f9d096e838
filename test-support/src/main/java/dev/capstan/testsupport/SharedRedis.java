package dev.capstan.testsupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * The one Redis server that a test JVM shares; tests isolate themselves by key namespace.
 *
 * <p>Chosen in this order: the server at {@code REDIS_URL}; a Testcontainers container when system
 * property {@code capstan.test.redis.image} names an image and Docker answers; else a
 * {@link RedisServerProcess} (redis-server on PATH, else the embedded 6.2 binary) that lives until
 * the JVM exits.
 */
public final class SharedRedis {
    private static final Logger log = LoggerFactory.getLogger(SharedRedis.class);
    private static RedisEndpoint endpoint;

    private SharedRedis() {}

    public static synchronized RedisEndpoint endpoint() {
        if (endpoint == null) {
            endpoint = choose();
            log.info("tests use Redis at {}:{}", endpoint.host(), endpoint.port()); // not the URL: REDIS_URL may hold a password
        }
        return endpoint;
    }

    private static RedisEndpoint choose() {
        String url = System.getenv("REDIS_URL");
        if (url != null && !url.isBlank()) {
            return RedisEndpoint.fromUrl(url);
        }
        String image = System.getProperty("capstan.test.redis.image");
        if (image != null && !image.isBlank()) {
            if (dockerAnswers()) {
                return startContainer(image);
            }
            log.warn("capstan.test.redis.image={} but Docker does not answer; using a local redis-server", image);
        }
        RedisServerProcess server = RedisServerProcess.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::kill, "redis-test-server-stop"));
        return RedisEndpoint.of(server.host(), server.port());
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // stopped by Testcontainers' Ryuk when the JVM exits
    private static RedisEndpoint startContainer(String image) {
        GenericContainer<?> container = new GenericContainer<>(image).withExposedPorts(6379);
        container.start();
        return RedisEndpoint.of(container.getHost(), container.getMappedPort(6379));
    }
}
