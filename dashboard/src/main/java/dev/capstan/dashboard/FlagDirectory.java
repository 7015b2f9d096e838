package dev.capstan.dashboard;

import java.util.Map;

/** Feature flags and their current value as text, shown read-only in their own tab. Optional. */
@FunctionalInterface
public interface FlagDirectory {

    Map<String, String> flags();
}
