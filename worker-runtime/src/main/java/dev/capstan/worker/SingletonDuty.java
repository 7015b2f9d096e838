package dev.capstan.worker;

/**
 * Work that exactly one process of the cluster does at a time (the reaper, cron): started on the
 * process that wins the leader election, stopped when it loses leadership or shuts down.
 */
public interface SingletonDuty {
    String name();

    void start();

    void stop();
}
