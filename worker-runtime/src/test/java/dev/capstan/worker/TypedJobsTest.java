package dev.capstan.worker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.api.JobArgs;
import dev.capstan.api.JobContext;
import dev.capstan.api.JobHandler;
import dev.capstan.api.JobType;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Handlers without a type string or argument class, lambdas, and enqueues that name no type. */
@ExtendWith(RedisExtension.class)
class TypedJobsTest {
    static final List<String> RAN = new CopyOnWriteArrayList<>();

    record ResizeArgs(String path, int width) {}

    @JobType("welcome-email")
    record WelcomeEmail(long userId, String email) implements JobArgs {}

    /** Type "send-invoice" from the class name, arguments from the generic parameter. */
    static final class SendInvoice implements JobHandler<ResizeArgs> {
        @Override
        public void handle(ResizeArgs args, JobContext context) {
            RAN.add("invoice:" + args.path());
        }
    }

    /** Type "welcome-email" from its argument record. */
    static final class Welcome implements JobHandler<WelcomeEmail> {
        @Override
        public void handle(WelcomeEmail args, JobContext context) {
            RAN.add("welcome:" + args.email());
        }
    }

    @Test
    void typedHandlersAndEnqueuesMeetOnTheSameNames(RedisTestContext ctx) {
        RAN.clear();
        CapstanRedis capstan = WorkerTest.capstan(ctx);
        ctx.closeAfter(WorkerTest.fastWorker(capstan)
                .handler(new SendInvoice())
                .handler(new Welcome())
                .handler(JobHandler.of("resize", ResizeArgs.class, (args, c) -> RAN.add("resize:" + args.width())))
                .build().start());

        capstan.client().enqueue(SendInvoice.class, new ResizeArgs("inv-1.pdf", 0));
        capstan.client().enqueue(new WelcomeEmail(42, "ada@example.com"));
        capstan.client().enqueue("resize", new ResizeArgs("a.png", 640));

        await().atMost(Duration.ofSeconds(10)).until(() -> RAN.size() == 3);
        assertEquals(List.of("invoice:inv-1.pdf", "resize:640", "welcome:ada@example.com"), RAN.stream().sorted().toList());
        assertEquals("send-invoice", new SendInvoice().type());
    }
}
