package dev.capstan.redis.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.redis.Namespace;
import dev.capstan.redis.queue.QueueKeys;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.JedisClusterCRC16;

/** Every key one lifecycle script touches shares one Redis Cluster slot, and a tracked id finds its status key. */
class LifecycleSlotTest {
    private final Namespace ns = new Namespace("capstan");
    private final LifecycleKeys keys = new LifecycleKeys(ns);

    @Test
    void aTrackedJobsKeysShareItsQueuesSlot() {
        for (String queue : List.of("default", "mail", "a.b-c_d")) {
            String id = TrackedIds.next(queue);
            QueueKeys q = new QueueKeys(ns, queue);
            int slot = JedisClusterCRC16.getSlot(q.pending());
            for (String key : List.of(keys.status(id), keys.outbox(queue), keys.cancelRequests(queue), keys.cancelled(queue),
                    q.processing("w"), q.scheduled(), q.dead(), q.completed("k"), q.dedup("d"))) {
                assertEquals(slot, JedisClusterCRC16.getSlot(key), key);
            }
        }
    }

    @Test
    void aBatchsKeysShareTheirOwnSlot() {
        assertEquals(JedisClusterCRC16.getSlot(keys.batchInfo("b1")), JedisClusterCRC16.getSlot(keys.batchMembers("b1")));
    }

    @Test
    void trackedIdsNameTheirQueue() {
        String id = TrackedIds.next("mail");
        assertTrue(TrackedIds.isTracked(id));
        assertEquals("mail", TrackedIds.queueOf(id));
        assertFalse(TrackedIds.isTracked("0mx6k2abcdefghij1234"));
        assertThrows(IllegalArgumentException.class, () -> TrackedIds.queueOf("abc@"));
        assertThrows(IllegalArgumentException.class, () -> TrackedIds.queueOf("abc@bad queue"));
    }
}
