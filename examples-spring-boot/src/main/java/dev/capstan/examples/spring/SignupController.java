package dev.capstan.examples.spring;

import dev.capstan.api.EnqueueResult;
import dev.capstan.api.JobClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

// tag::producer[]
/** Enqueues through the starter's JobClient bean: the request returns at once, the email goes out in a job. */
@RestController
public class SignupController {
    private final JobClient jobs;
    private final Outbox outbox;
    private final AtomicLong ids = new AtomicLong();

    public SignupController(JobClient jobs, Outbox outbox) {
        this.jobs = jobs;
        this.outbox = outbox;
    }

    @PostMapping("/signups")
    public Map<String, String> signUp(@RequestParam String email) {
        EnqueueResult result = jobs.enqueue(new WelcomeEmail(ids.incrementAndGet(), email));
        return Map.of("jobId", result.jobId());
    }
    // end::producer[]

    @GetMapping("/outbox")
    public List<String> outbox() {
        return outbox.sent();
    }
}
