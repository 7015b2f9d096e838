package dev.capstan.redis.session;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Session ids: 32 bytes (256 bits) from {@link SecureRandom}, URL-safe base64 without padding
 * (43 characters, safe in cookies and URLs).
 *
 * <p>The first 4 characters (the first 3 bytes) are also the session's routing prefix: the Redis
 * Cluster hash tag of its key. {@link #rotatedFrom} keeps that prefix and draws the other 232 bits
 * afresh, which puts the old and new key in the same slot so a rotation is one atomic RENAME. The
 * cost: the prefix (24 bits) of a rotated id is known to whoever knew the old id, leaving 232
 * unpredictable bits, far above the 64 bits of entropy session ids are commonly required to have.
 */
final class SessionId {
    static final int LENGTH = 43;
    static final int ROUTING_PREFIX_LENGTH = 4;
    private static final int BYTES = 32;
    private static final int ROUTING_PREFIX_BYTES = 3;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private SessionId() {}

    static String generate() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    /** A fresh id with the same routing prefix as {@code id} (which must be {@linkplain #isWellFormed well formed}). */
    static String rotatedFrom(String id) {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        byte[] prefix = Base64.getUrlDecoder().decode(id.substring(0, ROUTING_PREFIX_LENGTH));
        System.arraycopy(prefix, 0, bytes, 0, ROUTING_PREFIX_BYTES);
        return ENCODER.encodeToString(bytes);
    }

    static String routingPrefix(String id) {
        return id.substring(0, ROUTING_PREFIX_LENGTH);
    }

    /** Ids arrive from clients (cookies, headers): anything else than 43 base64url characters is rejected. */
    static boolean isWellFormed(String id) {
        if (id == null || id.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
