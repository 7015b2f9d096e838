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
        Registered previous = handlers.putIfAbsent(handler.type(), new Registered(handler, options));
        if (previous != null) {
            throw new IllegalArgumentException("a handler for job type '" + handler.type() + "' is already registered ("
                    + previous.handler().getClass().getName() + ")");
        }
    }

    public Optional<Registered> find(String type) {
        return Optional.ofNullable(handlers.get(type));
    }

    public Set<String> types() {
        return Set.copyOf(handlers.keySet());
    }

    /** A handler and its options. */
    public record Registered(JobHandler<?> handler, JobTypeOptions options) {}
}
