package dev.capstan.worker.readme;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.api.JacksonJobCodec;
import dev.capstan.api.JobArgs;
import dev.capstan.api.JobClient;
import dev.capstan.api.JobContext;
import dev.capstan.api.JobHandler;
import dev.capstan.api.JobType;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.scheduler.PeriodicSchedule;
import dev.capstan.scheduler.ScheduleAdmin;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import dev.capstan.worker.Worker;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's "Typed jobs" examples, run against a real Redis. */
@ExtendWith(RedisExtension.class)
class TypedJobsReadmeTest {
    static final List<String> LOG = new CopyOnWriteArrayList<>();

    // tag::typed-handler[]
    // The type name "send-invoice" comes from the class name, the argument class from the generic parameter.
    public static final class SendInvoice implements JobHandler<SendInvoice.Args> {
        public record Args(String orderId, long cents) {}

        @Override
        public void handle(Args args, JobContext ctx) {
            LOG.add("invoice " + args.orderId());
        }
    }

    // An argument record that names its job type: producers enqueue the record alone.
    @JobType("welcome-email")
    public record WelcomeEmail(long userId, String email) implements JobArgs {}

    public static final class Welcome implements JobHandler<WelcomeEmail> {   // type "welcome-email", from WelcomeEmail
        @Override
        public void handle(WelcomeEmail args, JobContext ctx) {
            LOG.add("welcome " + args.email());
        }
    }

    public record ResizeArgs(String path, int width) {}
    // end::typed-handler[]

    @Test
    void typedJobsRun(RedisTestContext ctx) {
        LOG.clear();
        CapstanRedis capstan = new CapstanRedis(ctx.newClient(), QueueSettings.defaults(new Namespace(ctx.namespace())),
                new JacksonJobCodec());
        // tag::typed-worker[]
        Worker worker = Worker.builder(capstan)
                .handler(new SendInvoice())
                .handler(new Welcome())
                .handler(JobHandler.of("resize", ResizeArgs.class, (args, c) -> LOG.add("resize " + args.width())))
                .build().start();
        // end::typed-worker[]
        ctx.closeAfter(worker);
        // tag::typed-enqueue[]
        JobClient client = capstan.client();
        client.enqueue(SendInvoice.class, new SendInvoice.Args("order-7", 1999));   // no type string to get wrong
        client.enqueue(new WelcomeEmail(42, "ada@example.com"));                   // the record names its type
        client.enqueue("resize", new ResizeArgs("cat.png", 640));                  // or by name, as before
        // end::typed-enqueue[]
        // tag::typed-schedule[]
        new ScheduleAdmin(capstan.redis(), capstan.settings(), capstan.codec()).save(
                PeriodicSchedule.cron("invoices-nightly", "0 0 3 * * *", ZoneId.of("UTC"), SendInvoice.class,
                        new SendInvoice.Args("batch", 0)));                          // typed arguments, as enqueue takes them
        // end::typed-schedule[]
        await().atMost(Duration.ofSeconds(10)).until(() -> LOG.size() == 3);
        assertEquals(List.of("invoice order-7", "resize 640", "welcome ada@example.com"), LOG.stream().sorted().toList());
    }
}
