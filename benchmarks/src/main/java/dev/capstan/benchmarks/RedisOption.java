package dev.capstan.benchmarks;

import dev.capstan.testsupport.RedisServerProcess;
import picocli.CommandLine.Option;

/** The {@code --redis} option shared by all commands that talk to Redis. */
final class RedisOption {
    @Option(names = "--redis", paramLabel = "URL",
            description = "Redis to use, e.g. redis://127.0.0.1:6379 (default: start a local redis-server on a free port)")
    String url;

    /** The Redis to benchmark against: the given one, or a fresh redis-server closed with the target. */
    RedisTarget open() {
        if (url != null && !url.isBlank()) {
            return new RedisTarget(url.contains("://") ? url : "redis://" + url, null);
        }
        RedisServerProcess server = RedisServerProcess.start();
        Progress.log("started redis-server on port %d", server.port());
        return new RedisTarget(server.url(), server);
    }

    /** A Redis URL, plus the server process when this benchmark started it. */
    record RedisTarget(String url, RedisServerProcess server) implements AutoCloseable {
        String host() {
            return java.net.URI.create(url).getHost();
        }

        int port() {
            int p = java.net.URI.create(url).getPort();
            return p > 0 ? p : 6379;
        }

        @Override
        public void close() {
            if (server != null) {
                server.close();
            }
        }
    }
}
