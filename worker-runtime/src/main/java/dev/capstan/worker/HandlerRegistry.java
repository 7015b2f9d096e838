package dev.capstan.worker;

import dev.capstan.api.JobHandler;
import dev.capstan.api.QueueNames;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Handlers by job type, each with the options it runs under. */
public final class HandlerRegistry {
    private final Map<String, Registered> handlers = new ConcurrentHashMap<>();

    public void register(JobHandler<?> handler, JobTypeOptions options) {
        QueueNames.requireValidType(handler.type());
        Registered previous = handlers.putIfAbsent(handler.type(), new Registered(handler, options, null, null));
        if (previous != null) {
            throw new IllegalArgumentException("a handler for job type '" + handler.type() + "' is already registered ("
                    + previous.handler().getClass().getName() + ")");
        }
    }

    /** Registers {@code newVersion} for the same type, run for the share of jobs that {@code flag} rolls out. */
    public void registerRollout(JobHandler<?> newVersion, String flag) {
        Registered current = handlers.get(newVersion.type());
        if (current == null) {
            throw new IllegalArgumentException("register the current handler of '" + newVersion.type()
                    + "' before rolling out a new version");
        }
        if (current.handler().argsType() != newVersion.argsType()) {
            throw new IllegalArgumentException("the new version of '" + newVersion.type() + "' must take the same arguments ("
                    + current.handler().argsType().getName() + ")");
        }
        handlers.put(newVersion.type(), new Registered(current.handler(), current.options(), newVersion, flag));
    }

    public Optional<Registered> find(String type) {
        return Optional.ofNullable(handlers.get(type));
    }

    public Set<String> types() {
        return Set.copyOf(handlers.keySet());
    }

    /** A handler and its options, and optionally a new version being rolled out under a flag. */
    public record Registered(JobHandler<?> handler, JobTypeOptions options, JobHandler<?> newVersion, String rolloutFlag) {}
}
