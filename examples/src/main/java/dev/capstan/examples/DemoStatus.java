package dev.capstan.examples;

import dev.capstan.api.QueueInfo;
import dev.capstan.examples.jobs.NightlyReport;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.worker.Worker;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** One line of what the demo is doing, printed every few seconds. */
final class DemoStatus {
    static final String LEGEND = String.join(System.lineSeparator(),
            "Every 5 s: jobs the producer enqueued + runs of the periodic report | attempts that succeeded, and that",
            "failed (a failed attempt runs again later, or its job goes to the dead set) | what Redis holds now",
            "(scheduled: delayed jobs, retries, and charges held back by their rate limit) | live workers.");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private DemoStatus() {}

    /** The figures of one status line. */
    record Figures(long enqueued, long periodic, long succeeded, long failed, long waiting, long inFlight,
                   long scheduled, long dead, long workers, String leader) {}

    static String line(CapstanRedis capstan, Demo.Running demo) {
        return format(LocalTime.now(), figures(capstan, demo));
    }

    static Figures figures(CapstanRedis capstan, Demo.Running demo) {
        List<QueueInfo> queues = capstan.admin().queues();
        List<Worker> workers = demo.workers();
        return new Figures(
                demo.producer().enqueued(),
                workers.stream().mapToLong(w -> count(w, "." + NightlyReport.TYPE + ".processed")).sum(),
                workers.stream().mapToLong(w -> count(w, ".processed")).sum(),
                workers.stream().mapToLong(w -> count(w, ".failed")).sum(),
                queues.stream().mapToLong(QueueInfo::size).sum(),
                queues.stream().mapToLong(QueueInfo::inFlight).sum(),
                queues.stream().mapToLong(QueueInfo::scheduled).sum(),
                queues.stream().mapToLong(QueueInfo::dead).sum(),
                capstan.workers().count(),
                workers.stream().filter(Worker::isLeader).map(Worker::id).findFirst().orElse("electing"));
    }

    static String format(LocalTime time, Figures f) {
        return String.format("%s  enqueued %d + %d periodic | succeeded %d, failed attempts %d"
                        + " | waiting %d, in flight %d, scheduled %d, dead %d | workers %d, leader %s",
                TIME.format(time), f.enqueued(), f.periodic(), f.succeeded(), f.failed(),
                f.waiting(), f.inFlight(), f.scheduled(), f.dead(), f.workers(), f.leader());
    }

    /** Sums a worker's meters whose name ends with {@code suffix} (names: capstan.QUEUE.TYPE.processed|failed). */
    private static long count(Worker worker, String suffix) {
        return worker.metrics().getMeters().entrySet().stream()
                .filter(e -> e.getKey().endsWith(suffix)).mapToLong(e -> e.getValue().getCount()).sum();
    }
}
