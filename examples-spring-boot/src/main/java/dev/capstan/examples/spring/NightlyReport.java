package dev.capstan.examples.spring;

import dev.capstan.api.JobContext;
import dev.capstan.api.JobHandler;
import dev.capstan.spring.boot.PeriodicJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

// tag::periodic[]
/** Runs at 02:30 Berlin time every night, once across all instances (type "nightly-report", from the class name). */
@Component
@PeriodicJob(cron = "0 30 2 * * *", zone = "Europe/Berlin", args = "{\"kind\":\"daily\"}")
public class NightlyReport implements JobHandler<NightlyReport.Args> {
    private static final Logger log = LoggerFactory.getLogger(NightlyReport.class);

    public record Args(String kind) {}

    @Override
    public void handle(Args args, JobContext context) {
        log.info("writing the {} report", args.kind());
    }
}
// end::periodic[]
