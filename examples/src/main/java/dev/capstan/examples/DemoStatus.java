package dev.capstan.examples;

import dev.capstan.api.QueueInfo;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.worker.Worker;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** One line of what the demo is doing, printed every few seconds. */
final class DemoStatus {
    private DemoStatus() {}

    static String line(CapstanRedis capstan, Demo.Running demo) {
        List<QueueInfo> queues = capstan.admin().queues();
        long processed = demo.workers().stream().mapToLong(DemoStatus::processed).sum();
        return String.format("%s  produced %d, processed %d | waiting %d, in flight %d, scheduled %d, dead %d | workers %d, leader: %s",
                LocalTime.now().truncatedTo(ChronoUnit.SECONDS), demo.producer().produced(), processed,
                queues.stream().mapToLong(QueueInfo::size).sum(), queues.stream().mapToLong(QueueInfo::inFlight).sum(),
                queues.stream().mapToLong(QueueInfo::scheduled).sum(), queues.stream().mapToLong(QueueInfo::dead).sum(),
                capstan.workers().count(), demo.workers().stream().filter(Worker::isLeader).map(Worker::id).findFirst().orElse("electing"));
    }

    private static long processed(Worker worker) {
        return worker.metrics().getMeters().entrySet().stream()
                .filter(e -> e.getKey().endsWith(".processed")).mapToLong(e -> e.getValue().getCount()).sum();
    }
}
