package dev.capstan.examples.shortener;

import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.ratelimit.RateLimiter;
import dev.capstan.redis.ratelimit.RateLimiters;
import dev.capstan.scheduler.PeriodicSchedule;
import dev.capstan.scheduler.ScheduleAdmin;
import dev.capstan.worker.Worker;
import io.javalin.Javalin;
import java.time.Duration;

/**
 * The URL shortener, assembled: the HTTP API ({@link ShortenerHttp}) on the links in Redis
 * ({@link LinkStore}, {@link AliasDirectory}), link creation limited per client by a Capstan GCRA
 * rate limiter, and a Capstan worker that runs the {@link ClickAggregator} job every second.
 *
 * <p>Here all of it runs in one process; the aggregation is an ordinary Capstan job, so in
 * production it can run on separate worker processes instead, and any number of HTTP instances
 * can share the Redis.
 */
public final class Shortener implements AutoCloseable {
    /** The queue of the click aggregation job. */
    public static final String QUEUE = "shortener";
    static final String SCHEDULE = "shortener-aggregate-clicks";

    private final LinkStore links;
    private final AliasDirectory aliases;
    private final Worker worker;
    private final Javalin http;

    private Shortener(LinkStore links, AliasDirectory aliases, Worker worker, Javalin http) {
        this.links = links;
        this.aliases = aliases;
        this.worker = worker;
        this.http = http;
    }

    /** Starts the worker and the HTTP server on {@code port} (0 picks a free one). */
    public static Shortener start(CapstanRedis capstan, ShortenerOptions options, int port) {
        // tag::wiring[]
        LinkStore links = new LinkStore(capstan.redis(), capstan.namespace());
        AliasDirectory aliases = new AliasDirectory(capstan.redis(), capstan.namespace(), links, 1_000_000);
        RateLimiter creates = RateLimiters.on(capstan.redis(), capstan.namespace())
                .gcra("shortener-create", options.createsPerMinute(), Duration.ofMinutes(1), options.createBurst());

        // Clicks are counted by a Capstan job that runs every second on the leader's schedule.
        new ScheduleAdmin(capstan.redis(), capstan.settings(), capstan.codec()).save(
                PeriodicSchedule.every(SCHEDULE, options.aggregateEvery(), ClickAggregator.TYPE, "{}").withQueue(QUEUE));
        Worker worker = Worker.builder(capstan)
                .handler(new ClickAggregator(capstan.redis(), links.keys()))
                .queues(QUEUE)
                .concurrency(2)
                .build()
                .start();

        Javalin http = new ShortenerHttp(links, aliases, creates, options).create().start(port);
        // end::wiring[]
        return new Shortener(links, aliases, worker, http);
    }

    public int port() {
        return http.port();
    }

    public LinkStore links() {
        return links;
    }

    public AliasDirectory aliases() {
        return aliases;
    }

    public Worker worker() {
        return worker;
    }

    /** Stops taking requests, then stops the worker (a running aggregation finishes first). */
    @Override
    public void close() {
        http.stop();
        worker.close();
    }
}
