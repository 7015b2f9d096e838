package dev.capstan.redis.flags;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One feature flag as stored: its global switch, the share of subjects it is rolled out to, and
 * the subjects explicitly allowed or denied.
 *
 * @param name           the flag's name
 * @param enabled        the global switch
 * @param rolloutPercent share of subjects, 0 to 100, for which the flag is on while it is enabled
 * @param allowList      subjects for which the flag is on even while it is disabled
 * @param denyList       subjects for which the flag is always off (the deny list wins over everything)
 * @param version        increases by one on every write (the first write gives 1)
 * @param updatedAt      Redis server time of the last write
 */
public record FlagState(String name, boolean enabled, int rolloutPercent, Set<String> allowList,
        Set<String> denyList, long version, Instant updatedAt) {

    public FlagState {
        Objects.requireNonNull(name, "name");
        requirePercent(rolloutPercent);
        allowList = Set.copyOf(allowList);
        denyList = Set.copyOf(denyList);
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /**
     * Whether the flag is on for {@code subjectId}: the deny list wins, then the allow list, then
     * {@code enabled && RolloutBucket.of(name, subjectId) < rolloutPercent}.
     */
    public boolean isEnabledFor(String subjectId) {
        Objects.requireNonNull(subjectId, "subjectId");
        if (denyList.contains(subjectId)) {
            return false;
        }
        if (allowList.contains(subjectId)) {
            return true;
        }
        return enabled && RolloutBucket.of(name, subjectId) < rolloutPercent;
    }

    static int requirePercent(int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("rollout percentage must be 0..100, was " + percent);
        }
        return percent;
    }
}
