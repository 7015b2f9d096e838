package dev.capstan.examples.jobs;

import dev.capstan.api.JobContext;
import dev.capstan.api.JobHandler;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Sends a welcome email (pretends to: a few milliseconds of "SMTP"). */
public final class SendWelcomeEmail implements JobHandler<SendWelcomeEmail.Args> {
    public static final String TYPE = "send-welcome-email";

    public record Args(long userId, String email) {}

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<Args> argsType() {
        return Args.class;
    }

    @Override
    public void handle(Args args, JobContext context) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextInt(5, 50)));
    }
}
