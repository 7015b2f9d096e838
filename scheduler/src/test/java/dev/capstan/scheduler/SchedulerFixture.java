package dev.capstan.scheduler;

import dev.capstan.api.JacksonJobCodec;
import dev.capstan.api.Job;
import dev.capstan.api.JobCodec;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.queue.QueueBroker;
import dev.capstan.redis.queue.QueueKeys;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.redis.queue.RedisJobClient;
import dev.capstan.testsupport.RedisTestContext;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/** The queue parts and scheduler parts wired on a test's Redis and namespace. */
final class SchedulerFixture {
    final RedisTestContext ctx;
    final UnifiedJedis redis;
    final QueueSettings settings;
    final JobCodec codec = new JacksonJobCodec();
    final QueueBroker broker;
    final RedisJobClient client;

    SchedulerFixture(RedisTestContext ctx) {
        this.ctx = ctx;
        this.redis = ctx.newClient();
        this.settings = QueueSettings.defaults(new Namespace(ctx.namespace()));
        this.broker = new QueueBroker(redis, settings);
        this.client = new RedisJobClient(broker, codec);
    }

    QueueKeys keys(String queue) {
        return settings.keys(queue);
    }

    /** Every job waiting in the queue, oldest first. */
    List<Job> waiting(String queue) {
        List<String> elements = redis.lrange(keys(queue).pending(), 0, -1);
        return elements.reversed().stream().map(codec::decode).toList();
    }

    long pendingCount(String queue) {
        return redis.llen(keys(queue).pending());
    }

    /** A promoter with its own client, closed after the test. */
    ScheduledJobPromoter promoter(PromoterOptions options) {
        return ctx.closeAfter(new ScheduledJobPromoter(ctx.newClient(), settings, options));
    }

    /** A periodic scheduler with its own client, closed after the test. */
    PeriodicScheduler scheduler(SchedulerOptions options) {
        return ctx.closeAfter(new PeriodicScheduler(ctx.newClient(), settings, codec, options));
    }

    ScheduleAdmin scheduleAdmin() {
        return new ScheduleAdmin(redis, settings, codec);
    }

    ScheduleStore store() {
        return new ScheduleStore(redis, broker, codec);
    }
}
