package dev.capstan.redis.queue;

/** Tells the reaper whether a worker is alive. Backed by {@link dev.capstan.redis.presence.Presence}. */
@FunctionalInterface
public interface WorkerLiveness {
    boolean isAlive(String workerId);
}
