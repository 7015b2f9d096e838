package dev.capstan.benchmarks;

import java.util.List;
import java.util.function.IntFunction;

/**
 * One implementation's set of Redis primitives to time (Capstan's, Redisson's). Operations of
 * different implementations that do the same job share a {@code group} ({@code lock.acquire-release},
 * ...), so results line up and a ratio can be taken per group.
 */
interface PrimitiveSuite extends AutoCloseable {

    /** "capstan", "redisson". */
    String implementation();

    /** The operations this suite can time. */
    List<Op> ops();

    @Override
    void close();

    /**
     * One timed operation. {@code perThread} gives each benchmark thread its own body (given the
     * thread's index), so a suite decides whether threads share one object or use one each.
     *
     * @param name  unique within the suite, e.g. {@code rate-limiter.gcra}
     * @param group what it is compared by, e.g. {@code rate-limiter.try-acquire}; the same in every suite
     */
    record Op(String name, String group, String description, IntFunction<Runnable> perThread) {}
}
