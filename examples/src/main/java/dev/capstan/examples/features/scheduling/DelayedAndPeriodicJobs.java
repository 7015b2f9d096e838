package dev.capstan.examples.features.scheduling;

import dev.capstan.api.JobClient;
import dev.capstan.api.JobContext;
import dev.capstan.api.JobHandler;
import dev.capstan.api.JobRequest;
import dev.capstan.examples.DemoRedis;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.scheduler.PeriodicSchedule;
import dev.capstan.scheduler.ScheduleAdmin;
import dev.capstan.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Delayed and periodic jobs: a reminder enqueued to run in 2 seconds, a clean-up every second
 * (an interval schedule) and a nightly report (a cron schedule). Schedules live in Redis; the
 * worker's elected leader enqueues each tick exactly once, however many workers run.
 *
 * <pre>
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=dev.capstan.examples.features.scheduling.DelayedAndPeriodicJobs
 * </pre>
 */
public final class DelayedAndPeriodicJobs {
    /** What ran and when; {@code tick} is the periodic tick (epoch ms) a scheduled run stands for, else null. */
    public record Run(String type, Instant at, String tick) {}

    record Reminder(String user, String text) {}

    record Empty() {}

    /** A handler for any job type that records its runs (SignupApp's SendWelcomeEmail shows one written out). */
    record Recorder<A>(String type, Class<A> argsType, BlockingQueue<Run> runs) implements JobHandler<A> {
        @Override
        public void handle(A args, JobContext context) {
            runs.add(new Run(type, Instant.now(), context.metadata().get("capstan.tick")));
        }
    }

    public static void main(String[] args) throws Exception {
        try (DemoRedis redis = DemoRedis.open(); CapstanRedis capstan = CapstanRedis.connect(redis.url())) {
            run(capstan, 3);
        }
    }

    /** Runs until the reminder and {@code cleanups} clean-ups have run; returns every run in order. */
    public static List<Run> run(CapstanRedis capstan, int cleanups) throws InterruptedException {
        BlockingQueue<Run> runs = new LinkedBlockingQueue<>();
        Worker worker = Worker.builder(capstan)
                .handler(new Recorder<>("send-reminder", Reminder.class, runs))
                .handler(new Recorder<>("clean-up", Empty.class, runs))
                .handler(new Recorder<>("nightly-report", Empty.class, runs))
                .build()
                .start();   // also runs the scheduler: due jobs are promoted, periodic ticks enqueued
        ScheduleAdmin schedules = new ScheduleAdmin(capstan.redis(), capstan.settings(), capstan.codec());
        try {
            Instant start = Instant.now();
            JobClient client = capstan.client();
            client.enqueueIn(JobRequest.of("send-reminder", new Reminder("ada", "Your trial ends tomorrow")),
                    Duration.ofSeconds(2));                                      // or enqueueAt(request, instant)

            schedules.save(PeriodicSchedule.every("clean-up", Duration.ofSeconds(1), "clean-up", "{}"));
            schedules.save(PeriodicSchedule.cron("nightly-report", "0 30 2 * * *", ZoneId.of("Europe/Berlin"),
                    "nightly-report", "{}"));                                    // 02:30 Berlin time, every day
            System.out.println("nightly-report next runs at " + schedules.get("nightly-report").orElseThrow().nextRun());

            List<Run> seen = new java.util.ArrayList<>();
            while (seen.stream().filter(r -> r.type().equals("clean-up")).count() < cleanups
                    || seen.stream().noneMatch(r -> r.type().equals("send-reminder"))) {
                Run next = runs.poll(10, TimeUnit.SECONDS);
                if (next == null) {
                    throw new IllegalStateException("nothing ran for 10 s; ran so far: " + seen);
                }
                seen.add(next);
                System.out.printf("+%5d ms  %s%n", Duration.between(start, next.at()).toMillis(), next.type());
            }
            return seen;
        } finally {
            schedules.delete("clean-up");            // schedules outlive the process: remove the example's
            schedules.delete("nightly-report");
            worker.close();
        }
    }
}
