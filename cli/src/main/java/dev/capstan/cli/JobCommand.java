package dev.capstan.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.capstan.api.Job;
import dev.capstan.api.JobView;
import dev.capstan.redis.CapstanRedis;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code capstan job ID}: one job, wherever it is, as JSON (state, arguments, attempts, last error). */
@Command(name = "job", description = "Show a job by id (searches every state of every queue).")
final class JobCommand implements java.util.concurrent.Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @ParentCommand
    CapstanCli cli;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "ID", description = "The job's id")
    String id;

    @Override
    public Integer call() throws Exception {
        try (CapstanRedis capstan = cli.connect()) {
            Optional<JobView> found = capstan.admin().find(id);
            if (found.isEmpty()) {
                spec.commandLine().getErr().println("capstan: no job " + id);
                return 2;
            }
            spec.commandLine().getOut().println(JSON.writeValueAsString(describe(found.get())));
            return 0;
        }
    }

    static ObjectNode describe(JobView view) throws Exception {
        Job job = view.job();
        ObjectNode node = JSON.createObjectNode();
        node.put("id", job.id());
        node.put("type", job.type());
        node.put("queue", job.queue());
        node.put("state", view.state().name().toLowerCase());
        if (view.workerId() != null) {
            node.put("worker", view.workerId());
        }
        if (view.at() > 0) {
            node.put("at", Instant.ofEpochMilli(view.at()).toString());
        }
        node.set("args", JSON.readTree(job.args()));
        node.put("attempt", job.attempt());
        node.put("maxAttempts", job.maxAttempts());
        node.put("createdAt", Instant.ofEpochMilli(job.createdAt()).toString());
        if (!job.metadata().isEmpty()) {
            node.set("metadata", JSON.valueToTree(job.metadata()));
        }
        if (job.lastError() != null) {
            node.set("lastError", JSON.valueToTree(job.lastError()));
        }
        return node;
    }
}
