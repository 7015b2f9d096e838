package dev.capstan.examples.features.webenqueue;

import dev.capstan.api.EnqueueResult;
import dev.capstan.api.JobClient;
import dev.capstan.api.JobRequest;
import dev.capstan.examples.DemoRedis;
import dev.capstan.examples.WaitForCtrlC;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.worker.Worker;
import io.javalin.Javalin;
import java.util.Map;

/**
 * Defining a handler and enqueuing from a web request: {@code POST /signup} answers at once with
 * 202 and the job id, and a worker sends the welcome email in the background. The worker runs in
 * the same process here; in production it is usually a process of its own.
 *
 * <pre>
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=dev.capstan.examples.features.webenqueue.SignupApp
 * curl -si -X POST localhost:8091/signup -d email=ada@example.com -d name=Ada
 * </pre>
 */
public final class SignupApp implements AutoCloseable {
    private final Javalin http;
    private final Worker worker;

    private SignupApp(Javalin http, Worker worker) {
        this.http = http;
        this.worker = worker;
    }

    public static SignupApp start(CapstanRedis capstan, SendWelcomeEmail.Mailer mailer, int port) {
        Worker worker = Worker.builder(capstan)
                .handler(new SendWelcomeEmail(mailer))
                .queues("mail")
                .build()
                .start();
        JobClient jobs = capstan.client();   // thread-safe: one for the whole application
        Javalin http = Javalin.create(c -> c.routes.post("/signup", ctx -> {
            String email = ctx.formParam("email");
            String name = ctx.formParam("name");
            if (email == null || !email.contains("@") || name == null || name.isBlank()) {
                ctx.status(400).json(Map.of("error", "email and name are required"));
                return;
            }
            // ... store the user, then hand the slow part to a worker:
            EnqueueResult job = jobs.enqueue(JobRequest.of(SendWelcomeEmail.TYPE, new SendWelcomeEmail.Args(email, name))
                    .queue("mail")
                    .maxAttempts(10));
            ctx.status(202).json(Map.of("jobId", job.jobId()));
        })).start(port);
        return new SignupApp(http, worker);
    }

    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        http.stop();
        worker.close();
    }

    public static void main(String[] args) throws Exception {
        DemoRedis redis = DemoRedis.open();
        CapstanRedis capstan = CapstanRedis.connect(redis.url());
        SignupApp app = start(capstan, (to, subject, body) -> System.out.printf("mail to %s: %s%n", to, subject), 8091);
        System.out.println("Try: curl -si -X POST localhost:8091/signup -d email=ada@example.com -d name=Ada   (Ctrl-C stops)");
        WaitForCtrlC.thenClose(redis, capstan, app);
    }
}
