package dev.capstan.dashboard;

import dev.capstan.redis.flags.FeatureFlags;
import dev.capstan.redis.flags.FlagState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@link FlagDirectory} over Capstan's {@link FeatureFlags}: each flag as "on"/"off", its rollout
 * percentage, the sizes of its allow and deny lists, its version and when it last changed. One read
 * of every flag per poll of the Flags tab.
 */
public final class FeatureFlagDirectory implements FlagDirectory {
    private final FeatureFlags flags;

    public FeatureFlagDirectory(FeatureFlags flags) {
        this.flags = Objects.requireNonNull(flags, "flags");
    }

    @Override
    public Map<String, String> flags() {
        Map<String, String> view = new LinkedHashMap<>();
        flags.list().forEach(f -> view.put(f.name(), describe(f)));
        return view;
    }

    static String describe(FlagState f) {
        StringBuilder s = new StringBuilder(f.enabled() ? "on" : "off");
        if (f.enabled() && f.rolloutPercent() < 100) {
            s.append(" for ").append(f.rolloutPercent()).append('%');
        }
        if (!f.allowList().isEmpty()) {
            s.append(", allowed ").append(f.allowList().size());
        }
        if (!f.denyList().isEmpty()) {
            s.append(", denied ").append(f.denyList().size());
        }
        return s.append(" (v").append(f.version()).append(", ").append(f.updatedAt()).append(')').toString();
    }
}
