package dev.capstan.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * The one user name and password that may log in. Both are compared in constant time: each side is
 * hashed with SHA-256 first, so that neither the content nor the length of the secret leaks
 * through response timing, and both comparisons always run.
 *
 * <p>The password is kept in memory as its digest only. This is a shared-secret login for an
 * operations page, not a user directory; put the dashboard behind your SSO proxy if you need one.
 */
final class Credentials {
    private final byte[] user;
    private final byte[] password;

    Credentials(String user, String password) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (user.isBlank() || password.isEmpty()) {
            throw new IllegalArgumentException("dashboard credentials need a user name and a non-empty password");
        }
        this.user = sha256(user);
        this.password = sha256(password);
    }

    boolean matches(String givenUser, String givenPassword) {
        boolean userOk = MessageDigest.isEqual(user, sha256(givenUser == null ? "" : givenUser));
        boolean passwordOk = MessageDigest.isEqual(password, sha256(givenPassword == null ? "" : givenPassword));
        return userOk & passwordOk;
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** Constant-time comparison of two tokens (CSRF). */
    static boolean sameToken(String expected, String given) {
        if (expected == null || given == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(expected), sha256(given));
    }
}
