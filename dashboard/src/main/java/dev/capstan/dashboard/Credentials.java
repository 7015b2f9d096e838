package dev.capstan.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * One user name and password that may log in, and the role it gets. Both are compared in constant
 * time: each side is hashed with SHA-256 first, so that neither the content nor the length of the
 * secret leaks through response timing, and both comparisons always run.
 *
 * <p>The password is kept in memory as its digest only, and must have at least
 * {@value #MIN_PASSWORD_LENGTH} characters (a login that can be tried from the network; the
 * {@link LoginThrottle} slows guessing, length is what makes it hopeless). This is a shared-secret
 * login for an operations page, not a user directory; put the dashboard behind your SSO proxy if
 * you need one.
 */
final class Credentials {
    static final int MIN_PASSWORD_LENGTH = 12;

    private final byte[] user;
    private final byte[] password;
    private final String userName;
    private final Role role;

    Credentials(String user, String password, Role role) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (user.isBlank()) {
            throw new IllegalArgumentException("dashboard credentials need a user name");
        }
        if (password.codePointCount(0, password.length()) < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("the dashboard password of user '" + user + "' must have at least "
                    + MIN_PASSWORD_LENGTH + " characters (it guards every job's arguments and the delete button)");
        }
        this.user = sha256(user);
        this.password = sha256(password);
        this.userName = user;
        this.role = Objects.requireNonNull(role, "role");
    }

    private Credentials(byte[] user, byte[] password, String userName, Role role) {
        this.user = user;
        this.password = password;
        this.userName = userName;
        this.role = role;
    }

    Credentials withRole(Role newRole) {
        return new Credentials(user, password, userName, newRole);
    }

    boolean matches(String givenUser, String givenPassword) {
        boolean userOk = MessageDigest.isEqual(user, sha256(givenUser == null ? "" : givenUser));
        boolean passwordOk = MessageDigest.isEqual(password, sha256(givenPassword == null ? "" : givenPassword));
        return userOk & passwordOk;
    }

    String userName() {
        return userName;
    }

    Role role() {
        return role;
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
