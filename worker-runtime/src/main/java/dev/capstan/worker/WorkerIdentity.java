package dev.capstan.worker;

import java.net.InetAddress;
import java.util.concurrent.ThreadLocalRandom;

/** Who a worker process is: host, pid and a random suffix, so a restarted process is a new worker. */
public record WorkerIdentity(String id, String host, long pid) {

    public static WorkerIdentity create() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown-host";
        }
        long pid = ProcessHandle.current().pid();
        String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36, 36 * 36 * 36 * 36), 36);
        return new WorkerIdentity(host.replace('{', '_').replace('}', '_') + ":" + pid + ":" + suffix, host, pid);
    }
}
