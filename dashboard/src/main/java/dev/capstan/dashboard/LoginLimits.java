package dev.capstan.dashboard;

import java.time.Duration;
import java.util.Objects;

/**
 * The numbers of the {@link LoginThrottle} policy, each a rate with a burst (the GCRA shape: up to
 * {@code burst} attempts at once, then {@code rate} per {@code period}).
 *
 * @param perAddress        every attempt from one client address
 * @param perUser           every attempt at one user name, from anywhere
 * @param perUserAndAddress attempts at one user name from one address, once the user name is over {@code perUser}
 */
public record LoginLimits(Limit perAddress, Limit perUser, Limit perUserAndAddress) {

    public LoginLimits {
        Objects.requireNonNull(perAddress, "perAddress");
        Objects.requireNonNull(perUser, "perUser");
        Objects.requireNonNull(perUserAndAddress, "perUserAndAddress");
    }

    /**
     * 10 attempts at once per address, then 6 a minute; 30 at once per user name, then 2 a minute;
     * once a user name is over that, 5 per address per quarter hour.
     */
    public static LoginLimits defaults() {
        return new LoginLimits(new Limit(6, Duration.ofMinutes(1), 10), new Limit(30, Duration.ofMinutes(15), 30),
                new Limit(5, Duration.ofMinutes(15), 5));
    }

    /** {@code rate} attempts per {@code period}, bursts of up to {@code burst}. */
    public record Limit(long rate, Duration period, long burst) {
        public Limit {
            Objects.requireNonNull(period, "period");
            if (rate < 1 || burst < 1 || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("a login limit needs rate >= 1, burst >= 1 and a positive period");
            }
        }
    }
}
