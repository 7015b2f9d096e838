package dev.capstan.dashboard;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.capstan.api.JacksonJobCodec;
import dev.capstan.api.JobContext;
import dev.capstan.api.JobHandler;
import dev.capstan.api.JobRequest;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.RedisConnections;
import dev.capstan.redis.counter.TimeSeriesCounter;
import dev.capstan.redis.flags.FeatureFlags;
import dev.capstan.redis.gates.JobGates;
import dev.capstan.redis.pubsub.Subscription;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.redis.ratelimit.RateLimiters;
import dev.capstan.scheduler.PeriodicSchedule;
import dev.capstan.scheduler.ScheduleAdmin;
import dev.capstan.testsupport.LogCapture;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import dev.capstan.worker.JobTypeOptions;
import dev.capstan.worker.Throttles;
import dev.capstan.worker.Worker;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Outside-in (issue 9): the whole system as an application runs it, a worker (with its promoter and
 * leader duties), a periodic schedule, the application's feature flags with a listener, and the
 * dashboard polled as its page does, on the production client, first idle for 30 s and then under
 * light load (jobs now, delayed jobs, a throttled type, one real flag change) for 30 s more. A healthy
 * steady state logs no WARN or ERROR, loses no pub/sub subscription, and calls flag listeners only
 * for real changes. (The items of issue 9 that the unit suite missed showed up exactly like this.)
 */
@ExtendWith(RedisExtension.class)
class QuietSteadyStateTest {
    private static final Duration PHASE = Duration.ofSeconds(30);

    record Order(int n) {}

    private static JobHandler<Order> handler(String type, AtomicInteger runs) {
        return new JobHandler<>() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public Class<Order> argsType() {
                return Order.class;
            }

            @Override
            public void handle(Order args, JobContext context) {
                runs.incrementAndGet();
            }
        };
    }

    @Test
    void aMinuteIdleAndUnderLightLoadLogsNoWarningLosesNoSubscriptionAndHearsOnlyRealFlagChanges(RedisTestContext ctx) {
        long lossesBefore = Subscription.lossesInThisProcess();
        try (LogCapture logs = LogCapture.start()) {
            CapstanRedis capstan = ctx.closeAfter(new CapstanRedis(ctx.closeAfter(RedisConnections.connect(ctx.url())),
                    QueueSettings.defaults(new dev.capstan.redis.Namespace(ctx.namespace())), new JacksonJobCodec()));
            AtomicInteger orders = new AtomicInteger();
            AtomicInteger reports = new AtomicInteger();
            AtomicInteger charges = new AtomicInteger();
            Worker worker = ctx.closeAfter(Worker.builder(capstan)
                    .queues("default")
                    .handler(handler("order", orders))
                    .handler(handler("report", reports))
                    .handler(handler("charge", charges), JobTypeOptions.defaults().withThrottle(Throttles.rate(
                            RateLimiters.on(capstan.redis(), capstan.namespace()).gcra("psp", 5, Duration.ofSeconds(1), 1),
                            Throttles.GLOBAL)))
                    .build().start());
            ScheduleAdmin schedules = new ScheduleAdmin(capstan.redis(), capstan.settings(), capstan.codec());
            schedules.save(PeriodicSchedule.every("hourly-report", Duration.ofSeconds(5), "report", "{\"n\":0}"));

            FeatureFlags flags = ctx.closeAfter(new FeatureFlags(capstan.redis(), capstan.namespace()));
            flags.enable("new-checkout");
            await().atMost(Duration.ofSeconds(2)).until(() -> flags.isEnabled("new-checkout"));
            Queue<String> heard = new ConcurrentLinkedQueue<>();
            flags.addListener(heard::add);

            Dashboard dashboard = ctx.closeAfter(Dashboard.builder()
                    .admin(capstan.admin())
                    .workers(new PresenceWorkerDirectory(capstan.workers()))
                    .controls(new JobGatesControls(new JobGates(flags)))
                    .stats(new TimeSeriesStatsSource(new TimeSeriesCounter(capstan.redis(), capstan.namespace())))
                    .flags(() -> {
                        Map<String, String> view = new LinkedHashMap<>();
                        flags.list().forEach(f -> view.put(f.name(), Boolean.toString(f.enabled())));
                        return view;
                    })
                    .credentials(DashboardApiTest.USER, DashboardApiTest.PASSWORD)
                    .host("127.0.0.1")
                    .build().start(0));
            Http page = DashboardApiTest.loggedIn(dashboard);
            Runnable pollLikeThePage = () -> {
                assertEquals(200, page.get("api/queues").statusCode());
                assertEquals(200, page.get("api/workers").statusCode());
                assertEquals(200, page.get("api/flags").statusCode());
            };

            // Idle: nothing but the background (heartbeats, the schedule's ticks, the page's polls).
            await().during(PHASE).atMost(PHASE.plusSeconds(10)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                pollLikeThePage.run();
                return worker.isRunning() && flags.isEnabled("new-checkout");
            });
            assertTrue(reports.get() >= 4, "the periodic schedule ran while idle: " + reports.get());

            // Light load: a few jobs a second, some delayed, some throttled, and one real flag change.
            AtomicInteger sent = new AtomicInteger();
            flags.disable("new-checkout");
            await().during(PHASE).atMost(PHASE.plusSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() -> {
                int n = sent.incrementAndGet();
                capstan.client().enqueue("order", new Order(n));
                if (n % 4 == 0) {
                    capstan.client().enqueueIn(JobRequest.of("order", new Order(-n)), Duration.ofMillis(700));
                }
                if (n % 3 == 0) {
                    capstan.client().enqueue("charge", new Order(n));
                }
                if (n % 4 == 0) {
                    pollLikeThePage.run();
                }
                return true;
            });
            int expectedOrders = sent.get() + sent.get() / 4;
            await().atMost(Duration.ofSeconds(10)).until(() -> orders.get() == expectedOrders && charges.get() == sent.get() / 3);

            assertEquals(List.of("new-checkout"), List.copyOf(heard), "the listener heard the one real change, once");
            assertEquals(0, Subscription.lossesInThisProcess() - lossesBefore, "no pub/sub subscription was lost");
            assertEquals(List.of(), logs.atLeast(Level.WARN), "a healthy steady state logs no WARN or ERROR");
        }
    }
}
