package dev.capstan.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Credentials never reach a printed or logged Redis URL (issue 9, defect 8). */
class RedisUrlsTest {

    @Test
    void masksThePasswordAndKeepsTheRest() {
        assertEquals("redis://app:***@cache.internal:6380/2", RedisUrls.redact("redis://app:s3cret@cache.internal:6380/2"));
        assertEquals("rediss://default:***@host:6379", RedisUrls.redact("rediss://default:s3cret@host:6379"));
        assertEquals("redis://:***@host", RedisUrls.redact("redis://:s3cret@host"));
    }

    @Test
    void masksAPasswordGivenAloneOrContainingAnAtSign() {
        assertEquals("redis://***@host:6379", RedisUrls.redact("redis://s3cret@host:6379"));
        assertEquals("redis://app:***@host:6379/0", RedisUrls.redact("redis://app:p@ss@host:6379/0"));
    }

    @Test
    void masksSecretQueryParameters() {
        assertEquals("redis://host:6379/0?password=***&timeout=5",
                RedisUrls.redact("redis://host:6379/0?password=s3cret&timeout=5"));
        assertEquals("redis://host?Token=***", RedisUrls.redact("redis://host?Token=abc"));
    }

    @Test
    void leavesUrlsWithoutCredentialsAlone() {
        assertEquals("redis://127.0.0.1:6379", RedisUrls.redact("redis://127.0.0.1:6379"));
        assertEquals("redis://host/3?timeout=5", RedisUrls.redact("redis://host/3?timeout=5"));
        assertEquals("not a url", RedisUrls.redact("not a url"));
        assertEquals("null", RedisUrls.redact(null));
    }

    @Test
    void aMalformedUrlIsRefusedWithoutItsPasswordInTheMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RedisConnections.connect("redis://app:s3cret@ho st:6379"));
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        assertTrue(e.getMessage().contains("redis://app:***@ho st:6379"), e.getMessage());
        assertTrue(e.getCause() == null || !String.valueOf(e.getCause().getMessage()).contains("s3cret"));
    }
}
