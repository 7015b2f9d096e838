package dev.capstan.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.api.JobArgs;
import dev.capstan.api.JobContext;
import dev.capstan.api.JobHandler;
import dev.capstan.api.JobType;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Periodic schedules take typed arguments and handler classes, as enqueue does. */
@ExtendWith(RedisExtension.class)
class TypedScheduleTest {

    record ReportArgs(String kind, int days) {}

    static final class NightlyReport implements JobHandler<ReportArgs> {
        @Override
        public void handle(ReportArgs args, JobContext context) {}
    }

    @JobType("cleanup")
    record Cleanup(int olderThanDays) implements JobArgs {}

    @Test
    void typedSchedulesStoreTheHandlersTypeAndJsonArguments(RedisTestContext ctx) {
        SchedulerFixture f = new SchedulerFixture(ctx);
        ScheduleAdmin admin = f.scheduleAdmin();
        admin.save(PeriodicSchedule.cron("nightly", "0 30 2 * * *", ZoneId.of("UTC"), NightlyReport.class,
                new ReportArgs("daily", 1)));
        admin.save(PeriodicSchedule.every("cleanup", Duration.ofMinutes(5), new Cleanup(30)).withQueue("maintenance"));

        PeriodicSchedule nightly = admin.get("nightly").orElseThrow().schedule();
        assertEquals("nightly-report", nightly.jobType());
        assertEquals("{\"kind\":\"daily\",\"days\":1}", nightly.argsJson());
        PeriodicSchedule cleanup = admin.get("cleanup").orElseThrow().schedule();
        assertEquals("cleanup", cleanup.jobType());
        assertEquals("{\"olderThanDays\":30}", cleanup.argsJson());
        assertEquals("maintenance", cleanup.queue());
        assertEquals("{\"olderThanDays\":7}", cleanup.withArgs(new Cleanup(7)).argsJson());
    }
}
