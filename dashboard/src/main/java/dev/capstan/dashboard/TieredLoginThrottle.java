package dev.capstan.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * The {@link LoginThrottle} policy over three rate limits (per address, per user name, per user
 * name and address), wherever they keep their counts. Keys are hashed: user names and addresses may
 * hold any characters, and are not stored in the clear.
 */
final class TieredLoginThrottle implements LoginThrottle {

    /** One keyed rate limit: empty if a permit was granted, else how long until one could be. */
    @FunctionalInterface
    interface KeyedLimit {
        Optional<Duration> tryAcquire(String key);
    }

    private final KeyedLimit perAddress;
    private final KeyedLimit perUser;
    private final KeyedLimit perUserAndAddress;

    TieredLoginThrottle(KeyedLimit perAddress, KeyedLimit perUser, KeyedLimit perUserAndAddress) {
        this.perAddress = perAddress;
        this.perUser = perUser;
        this.perUserAndAddress = perUserAndAddress;
    }

    @Override
    public Optional<Duration> admit(String clientAddress, String userName) {
        String address = clientAddress == null ? "" : clientAddress;
        String user = userName == null ? "" : userName;
        Optional<Duration> wait = perAddress.tryAcquire(hash("a", address));
        if (wait.isPresent()) {
            return wait;
        }
        if (perUser.tryAcquire(hash("u", user)).isEmpty()) {
            return Optional.empty();
        }
        // The user name is being tried from many places: each address gets only a few tries of its own.
        return perUserAndAddress.tryAcquire(hash("p", user + '\n' + address));
    }

    static String hash(String kind, String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((kind + ':' + value).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22); // 132 bits
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
