package dev.capstan.redis.queue;

import dev.capstan.api.JacksonJobCodec;
import dev.capstan.api.JobCodec;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.presence.Presence;
import dev.capstan.testsupport.RedisTestContext;
import redis.clients.jedis.UnifiedJedis;

/** The queue's parts wired on a test's Redis and namespace. */
final class QueueFixture {
    final UnifiedJedis redis;
    final QueueSettings settings;
    final JobCodec codec = new JacksonJobCodec();
    final QueueBroker broker;
    final RedisJobClient client;
    final JobSettler settler;
    final RedisQueueAdmin admin;
    final Presence workers;

    QueueFixture(RedisTestContext ctx) {
        this(ctx, QueueSettings.defaults(new Namespace(ctx.namespace())));
    }

    QueueFixture(RedisTestContext ctx, QueueSettings settings) {
        this(ctx.newClient(), settings);
    }

    QueueFixture(UnifiedJedis redis, QueueSettings settings) {
        this.redis = redis;
        this.settings = settings;
        this.broker = new QueueBroker(redis, settings);
        this.client = new RedisJobClient(broker, codec);
        this.settler = new JobSettler(broker, codec);
        this.admin = new RedisQueueAdmin(broker, codec);
        this.workers = new Presence(redis, settings.namespace(), "workers");
    }

    ReliableFetcher fetcher(String queue, String workerId) {
        return new ReliableFetcher(broker, codec, queue, workerId);
    }

    QueueKeys keys(String queue) {
        return settings.keys(queue);
    }
}
