package dev.capstan.examples;

import dev.capstan.testsupport.RedisServerProcess;

/**
 * The Redis the demo uses: {@code REDIS_URL} when set, else a redis-server started here on a free
 * port (the one on PATH, or the Redis 6.2 binary bundled in the embedded-redis artifact).
 *
 * <p>A server started here runs in a session of its own: Ctrl-C in a terminal signals the whole
 * foreground process group, and a Redis in that group would die before the workers had put their
 * jobs back. The demo's shutdown stops it last.
 */
public final class DemoRedis implements AutoCloseable {
    private final String url;
    private final RedisServerProcess started;

    private DemoRedis(String url, RedisServerProcess started) {
        this.url = url;
        this.started = started;
    }

    public static DemoRedis open() {
        String url = System.getenv("REDIS_URL");
        if (url != null && !url.isBlank()) {
            return new DemoRedis(url, null);
        }
        RedisServerProcess server = RedisServerProcess.startInOwnSession();
        return new DemoRedis(server.url(), server);
    }

    public String url() {
        return url;
    }

    public boolean embedded() {
        return started != null;
    }

    @Override
    public void close() {
        if (started != null) {
            started.stop();
        }
    }
}
