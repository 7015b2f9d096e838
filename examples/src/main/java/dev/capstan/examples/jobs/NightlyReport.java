package dev.capstan.examples.jobs;

import dev.capstan.api.JobContext;
import dev.capstan.api.JobHandler;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A periodic job: in the demo it runs every 10 seconds from a schedule, exactly once per tick. */
public final class NightlyReport implements JobHandler<Map<String, Object>> {
    public static final String TYPE = "nightly-report";
    private static final Logger log = LoggerFactory.getLogger(NightlyReport.class);

    @Override
    public String type() {
        return TYPE;
    }

    @SuppressWarnings("unchecked")
    @Override
    public Class<Map<String, Object>> argsType() {
        return (Class<Map<String, Object>>) (Class<?>) Map.class;
    }

    @Override
    public void handle(Map<String, Object> args, JobContext context) {
        log.info("report {} built (tick {})", args.get("name"), context.metadata().get("capstan.tick"));
    }
}
