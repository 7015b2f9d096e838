package dev.capstan.benchmarks;

import java.util.List;
import java.util.function.IntFunction;

/**
 * One implementation's set of Redis primitives to time (Redisson's, later Capstan's). A suite
 * names each operation with a shared name ({@code rate-limiter.try-acquire}, ...) so results of
 * different implementations line up by name.
 */
interface PrimitiveSuite extends AutoCloseable {

    /** "redisson", "capstan", ... */
    String implementation();

    /** The operations this suite can time. */
    List<Op> ops();

    @Override
    void close();

    /**
     * One timed operation. {@code perThread} gives each benchmark thread its own body (given the
     * thread's index), so a suite decides whether threads share one object or use one each.
     */
    record Op(String name, String description, IntFunction<Runnable> perThread) {}
}
