package dev.capstan.redis.flags;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Places a subject in one of 100 rollout buckets for a flag: {@code bucket < percentage} means the
 * subject is in the rollout.
 *
 * <p>The bucket is the first 4 bytes of SHA-1 over the UTF-8 bytes of {@code flag + ":" + subject},
 * read as an unsigned big-endian 32-bit integer, modulo 100. SHA-1 is used for its fixed, specified
 * output (not for security): the same subject lands in the same bucket on every JVM, in every
 * language that can compute SHA-1, and in every future Capstan release. {@code String.hashCode} is
 * deliberately not used. Because the flag name is part of the input, a subject's buckets for
 * different flags are independent; because the test is {@code bucket < percentage}, raising a
 * flag's percentage only ever adds subjects.
 *
 * <p>Changing this function would silently reshuffle every rollout; a test pins known values.
 */
public final class RolloutBucket {
    public static final int BUCKETS = 100;

    private RolloutBucket() {}

    /** The subject's bucket for this flag, in {@code [0, 100)}. */
    public static int of(String flag, String subjectId) {
        byte[] digest = sha1().digest((flag + ":" + subjectId).getBytes(StandardCharsets.UTF_8));
        long firstFourBytes = ((digest[0] & 0xFFL) << 24) | ((digest[1] & 0xFFL) << 16)
                | ((digest[2] & 0xFFL) << 8) | (digest[3] & 0xFFL);
        return (int) (firstFourBytes % BUCKETS);
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-1", e);
        }
    }
}
