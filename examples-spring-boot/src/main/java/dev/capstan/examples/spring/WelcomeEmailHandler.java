package dev.capstan.examples.spring;

import dev.capstan.api.JobContext;
import dev.capstan.api.JobHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

// tag::handler[]
/** A handler bean: the starter registers it with its worker; type and argument class come from WelcomeEmail. */
@Component
public class WelcomeEmailHandler implements JobHandler<WelcomeEmail> {
    private static final Logger log = LoggerFactory.getLogger(WelcomeEmailHandler.class);
    private final Outbox outbox;

    public WelcomeEmailHandler(Outbox outbox) {   // an ordinary bean, injected as usual
        this.outbox = outbox;
    }

    @Override
    public void handle(WelcomeEmail args, JobContext context) {
        outbox.send(args.email(), "Welcome!");
        log.info("sent the welcome email of user {} (job {})", args.userId(), context.jobId());
    }
}
// end::handler[]
