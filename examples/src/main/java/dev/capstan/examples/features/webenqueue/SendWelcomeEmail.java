package dev.capstan.examples.features.webenqueue;

import dev.capstan.api.JobContext;
import dev.capstan.api.JobHandler;

/** A job handler: one class per job type, its arguments a record decoded from the job's JSON. */
public final class SendWelcomeEmail implements JobHandler<SendWelcomeEmail.Args> {
    public static final String TYPE = "send-welcome-email";

    public record Args(String email, String name) {}

    /** Whatever really sends mail (an SMTP client, a provider's SDK). */
    public interface Mailer {
        void send(String to, String subject, String body) throws Exception;
    }

    private final Mailer mailer;

    public SendWelcomeEmail(Mailer mailer) {
        this.mailer = mailer;
    }

    @Override
    public String type() {
        return TYPE; // stored in each job: renaming this class does not orphan queued jobs
    }

    @Override
    public Class<Args> argsType() {
        return Args.class;
    }

    @Override
    public void handle(Args args, JobContext context) throws Exception {
        // Throwing fails this attempt: the job is retried with backoff, then goes to the dead set.
        mailer.send(args.email(), "Welcome, " + args.name() + "!", "Thanks for signing up.");
    }
}
