package dev.capstan.examples.readme;

import dev.capstan.api.JobContext;
import dev.capstan.api.JobHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

// tag::handler[]
public final class SendWelcomeEmail implements JobHandler<SendWelcomeEmail.Args> {
    public static final String TYPE = "send-welcome-email";   // the stable name stored in each job
    private static final Logger log = LoggerFactory.getLogger(SendWelcomeEmail.class);

    public record Args(long userId, String email) {}           // decoded from the job's JSON

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<Args> argsType() {
        return Args.class;
    }

    @Override
    public void handle(Args args, JobContext ctx) {
        // Call your mail service here. Return to succeed; throw to fail this attempt (it is retried).
        log.info("welcome email sent to {} (user {}, job {})", args.email(), args.userId(), ctx.jobId());
    }
}
// end::handler[]
