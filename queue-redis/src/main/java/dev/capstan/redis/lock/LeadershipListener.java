package dev.capstan.redis.lock;

/**
 * Told about leadership changes of one {@link LeaderElection}. Calls come one at a time, in order,
 * on the election's own callback thread, so a slow callback does not delay lease renewal.
 */
public interface LeadershipListener {
    /** This instance became leader; {@code fencingToken} is greater than that of every earlier leader. */
    void onElected(long fencingToken);

    /** This instance is no longer leader (lease lost, or {@link LeaderElection#stop()}). */
    void onRevoked();
}
