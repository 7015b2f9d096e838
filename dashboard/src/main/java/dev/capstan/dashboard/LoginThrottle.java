package dev.capstan.dashboard;

import java.time.Duration;
import java.util.Optional;

/**
 * Decides whether a login attempt may have its password checked at all, before it is checked, so
 * that passwords cannot be guessed at speed. {@link #perProcess()} keeps its counts in this JVM;
 * {@link RedisLoginThrottle} keeps them in Redis, shared by every dashboard instance.
 *
 * <p>The policy ({@link LoginLimits}): every attempt counts against its client address, so one
 * address guessing fast is held back. Every attempt also counts against the user name; while a user
 * name gets more attempts than a person makes (a guess spread over many addresses), each address
 * gets only a few attempts of its own at it. That bounds guessing without locking the real user out:
 * from an address that was not guessing, the right password still works.
 */
@FunctionalInterface
public interface LoginThrottle {

    /** Empty if the attempt may go ahead; otherwise how long this client should wait (sent as Retry-After). */
    Optional<Duration> admit(String clientAddress, String userName);

    /** The policy with the default {@link LoginLimits}, counted in this JVM (not shared between dashboard instances). */
    static LoginThrottle perProcess() {
        return perProcess(LoginLimits.defaults());
    }

    static LoginThrottle perProcess(LoginLimits limits) {
        return new TieredLoginThrottle(InMemoryRateLimit.of(limits.perAddress()), InMemoryRateLimit.of(limits.perUser()),
                InMemoryRateLimit.of(limits.perUserAndAddress()));
    }
}
