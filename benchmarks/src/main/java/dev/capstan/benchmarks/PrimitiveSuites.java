package dev.capstan.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * The primitive suites this build can time. Capstan's own primitives (rate limiter, lock, Bloom
 * filter, HyperLogLog in {@code dev.capstan.redis.*}) are being written on other branches; after
 * they are merged, add a {@code CapstanSuite implements PrimitiveSuite} with the same operation
 * names and return it from {@link #open} — the runner and the output need no change.
 */
final class PrimitiveSuites {
    private PrimitiveSuites() {}

    static List<PrimitiveSuite> open(String host, int port) {
        List<PrimitiveSuite> suites = new ArrayList<>();
        suites.add(new RedissonSuite(host, port));
        return suites;
    }

    /** Implementations that could not be timed in this build, with the reason (printed, never faked). */
    static List<String> missing() {
        return List.of("capstan: primitives (rate limiter, lock, Bloom filter, HyperLogLog) are not on this branch yet;"
                + " add a CapstanSuite in PrimitiveSuites.open after they are merged");
    }
}
