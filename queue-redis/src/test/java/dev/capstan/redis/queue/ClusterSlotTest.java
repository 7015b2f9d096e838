package dev.capstan.redis.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.redis.Namespace;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.JedisClusterCRC16;

/** Every key a queue script touches hashes to the same Redis Cluster slot. */
class ClusterSlotTest {

    @Test
    void allKeysOfAQueueShareOneSlot() {
        for (String queue : List.of("default", "mail", "a.b-c_d", "x")) {
            QueueKeys k = new QueueKeys(new Namespace("capstan"), queue);
            List<String> keys = List.of(k.pending(), k.processing("host:123:abcd"), k.workers(), k.scheduled(),
                    k.dead(), k.reaping("w"), k.completed("order-{7}"), k.dedup("d"), k.keyLock("order-{7}"), k.keyFence(),
                    k.jobIdRecord("id-1"));
            int slot = JedisClusterCRC16.getSlot(k.pending());
            for (String key : keys) {
                assertEquals(slot, JedisClusterCRC16.getSlot(key), key + " is in another slot than " + k.pending());
            }
        }
    }

    @Test
    void differentQueuesSpreadOverSlots() {
        Namespace ns = new Namespace("capstan");
        long distinct = java.util.stream.IntStream.range(0, 50)
                .map(i -> JedisClusterCRC16.getSlot(new QueueKeys(ns, "q" + i).pending())).distinct().count();
        assertEquals(true, distinct > 40, "queues are spread over the cluster, got " + distinct + " slots for 50 queues");
    }
}
