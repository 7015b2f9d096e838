package dev.capstan.testsupport;

import java.net.URI;

/** Where a test's Redis server listens. */
public record RedisEndpoint(String host, int port, String url) {

    public static RedisEndpoint fromUrl(String url) {
        URI uri = URI.create(url);
        int port = uri.getPort() > 0 ? uri.getPort() : 6379;
        return new RedisEndpoint(uri.getHost(), port, url);
    }

    public static RedisEndpoint of(String host, int port) {
        return new RedisEndpoint(host, port, "redis://" + host + ":" + port);
    }
}
