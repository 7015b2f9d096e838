package dev.capstan.redis.flags;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RolloutBucketTest {

    /**
     * Values computed independently (Python: int.from_bytes(sha1(f"{flag}:{subject}".encode()).digest()[:4], "big") % 100).
     * If this fails, the bucket function changed and every existing rollout would reshuffle.
     */
    @Test
    void bucketsArePinnedAcrossReleasesAndLanguages() {
        assertEquals(53, RolloutBucket.of("checkout", "user-42"));
        assertEquals(3, RolloutBucket.of("checkout", "user-43"));
        assertEquals(11, RolloutBucket.of("new-ui", "alice"));
        assertEquals(59, RolloutBucket.of("new-ui", "bob"));
        assertEquals(12, RolloutBucket.of("dark-mode", "\u03a9-1"));
    }
}
