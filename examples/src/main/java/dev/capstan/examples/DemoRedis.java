package dev.capstan.examples;

import dev.capstan.testsupport.RedisServerProcess;

/**
 * The Redis the demo uses: {@code REDIS_URL} when set, else a redis-server started here on a free
 * port (the one on PATH, or the Redis 6.2 binary bundled in the embedded-redis artifact).
 */
final class DemoRedis implements AutoCloseable {
    private final String url;
    private final RedisServerProcess started;

    private DemoRedis(String url, RedisServerProcess started) {
        this.url = url;
        this.started = started;
    }

    static DemoRedis open() {
        String url = System.getenv("REDIS_URL");
        if (url != null && !url.isBlank()) {
            return new DemoRedis(url, null);
        }
        // Detached from the terminal's Ctrl-C: the workers still need it while they shut down; close() stops it.
        RedisServerProcess server = RedisServerProcess.startDetached();
        return new DemoRedis(server.url(), server);
    }

    String url() {
        return url;
    }

    boolean embedded() {
        return started != null;
    }

    @Override
    public void close() {
        if (started != null) {
            started.stop();
        }
    }
}
