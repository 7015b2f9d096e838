package dev.capstan.benchmarks;

import java.util.List;

/** The primitive suites timed side by side, on the same Redis, in the same process. */
final class PrimitiveSuites {
    static final String RATE_LIMITER = "rate-limiter.try-acquire";
    static final String LOCK = "lock.acquire-release";
    static final String BLOOM_ADD = "bloom.add";
    static final String BLOOM_CONTAINS = "bloom.contains";
    static final String HLL_ADD = "hyperloglog.add";

    private PrimitiveSuites() {}

    /** Capstan's suite first; the runner alternates the order between rounds anyway. */
    static List<PrimitiveSuite> open(String url, String host, int port) {
        CapstanSuite capstan = new CapstanSuite(url);
        try {
            return List.of(capstan, new RedissonSuite(host, port));
        } catch (RuntimeException e) {
            capstan.close();
            throw e;
        }
    }
}
