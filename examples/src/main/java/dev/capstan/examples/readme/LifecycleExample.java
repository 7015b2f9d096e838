package dev.capstan.examples.readme;

import dev.capstan.api.Batch;
import dev.capstan.api.BatchEvent;
import dev.capstan.api.BatchOptions;
import dev.capstan.api.BatchStatus;
import dev.capstan.api.CancelResult;
import dev.capstan.api.ChildFailure;
import dev.capstan.api.EnqueueResult;
import dev.capstan.api.Flow;
import dev.capstan.api.FlowResult;
import dev.capstan.api.JobClient;
import dev.capstan.api.JobContext;
import dev.capstan.api.JobHandler;
import dev.capstan.api.JobRequest;
import dev.capstan.api.JobStatus;
import dev.capstan.api.ResultHandler;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.testsupport.RedisServerProcess;
import dev.capstan.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The README's job-lifecycle examples as one program that runs: results and status, await, cancel,
 * a batch with callbacks, a flow and a chain. Run it with {@code REDIS_URL} (or it starts a local
 * Redis); {@code LifecycleExampleTest} runs it in the build.
 */
public final class LifecycleExample {

    // tag::handlers[]
    public record Invoice(String customer, int cents) {}

    public record Receipt(String customer, int cents, String pdf) {}

    public record Month(String month) {}

    /** A handler that returns a result: kept with the job's status when the job is tracked. */
    static final ResultHandler<Invoice, Receipt> RENDER_INVOICE = ResultHandler.of("render-invoice", Invoice.class,
            (invoice, ctx) -> new Receipt(invoice.customer(), invoice.cents(), "/invoices/" + ctx.jobId() + ".pdf"));

    /** A flow parent: runs after its children and reads their results. */
    static final ResultHandler<Month, Integer> SUM_INVOICES = ResultHandler.of("sum-invoices", Month.class,
            (month, ctx) -> ctx.childResults(Receipt.class).values().stream().mapToInt(Receipt::cents).sum());

    /** A batch callback: its arguments are the batch's counts and the options given with the callback. */
    static final class InvoicesSent implements JobHandler<BatchEvent> {
        public String type() { return "invoices-sent"; }
        public Class<BatchEvent> argsType() { return BatchEvent.class; }
        public void handle(BatchEvent batch, JobContext ctx) {
            System.out.printf("%s: %d of %d invoices sent (%s)%n", batch.description(), batch.succeeded(), batch.total(),
                    batch.options().get("month"));
        }
    }
    // end::handlers[]

    /** What the program saw, for its test. */
    public record Seen(JobStatus.State state, Receipt receipt, CancelResult cancelled, BatchStatus batch,
                       int flowTotal, String chained) {}

    public static void main(String[] args) throws Exception {
        String url = System.getenv("REDIS_URL");
        RedisServerProcess local = url == null || url.isBlank() ? RedisServerProcess.start() : null;
        try (CapstanRedis capstan = CapstanRedis.connect(local != null ? local.url() : url)) {
            System.out.println(run(capstan));
        } finally {
            if (local != null) {
                local.stop();
            }
        }
    }

    public static Seen run(CapstanRedis capstan) throws InterruptedException {
        Worker worker = Worker.builder(capstan).queues("default", "billing", "reports").concurrency(8)
                .handler(RENDER_INVOICE).handler(SUM_INVOICES).handler(new InvoicesSent())
                .handler(ResultHandler.of("slow-report", Month.class, (m, ctx) -> {
                    Thread.sleep(60_000); // interrupted when cancelled
                    return "report";
                }))
                .handler(ResultHandler.of("upper", String.class, (s, ctx) -> s.toUpperCase()))
                .handler(ResultHandler.of("exclaim", String.class, (s, ctx) -> ctx.childResult(String.class) + "!"))
                .shutdownTimeout(Duration.ofSeconds(2))
                .build().start();
        try {
            JobClient client = capstan.client();
            // tag::results[]
            EnqueueResult handle = client.enqueue(JobRequest.of("render-invoice", new Invoice("acme", 4200))
                    .keepResult(Duration.ofDays(1)));          // tracked: status and result kept a day after it ends
            JobStatus status = capstan.jobs().status(handle.jobId()).orElseThrow(); // O(1) by id, from any process
            // end::results[]
            // tag::await[]
            JobStatus done = handle.await(Duration.ofSeconds(30)); // no polling; also right if it finished already
            Receipt receipt = done.state() == JobStatus.State.SUCCEEDED ? done.result(Receipt.class) : null;
            // end::await[]
            // tag::cancel[]
            EnqueueResult report = client.enqueue(JobRequest.of("slow-report", new Month("2024-05"))
                    .keepResult(Duration.ofHours(1)));
            CancelResult cancelled = report.cancel();  // waiting: removed; running: its worker interrupts it
            JobStatus.State after = report.await(Duration.ofSeconds(10)).state(); // CANCELLED, and never retried
            // end::cancel[]
            // tag::batch[]
            Batch batch = capstan.batches().enqueue(BatchOptions.described("invoices for May")
                            .onSuccess("invoices-sent", Map.of("month", "2024-05")),  // once, when all succeeded
                    List.of(JobRequest.of("render-invoice", new Invoice("acme", 4200)),
                            JobRequest.of("render-invoice", new Invoice("initech", 990))));
            BatchStatus progress = batch.status();  // total, pending, succeeded, dead, cancelled: one read
            // end::batch[]
            while (!batch.status().isSuccess()) {
                Thread.sleep(20); // a program would let the callback act; this one waits to print the counts
            }
            // tag::flow[]
            FlowResult flow = capstan.flows().enqueue(Flow.of(JobRequest.of("sum-invoices", new Month("2024-05")).queue("reports"))
                    .child(JobRequest.of("render-invoice", new Invoice("acme", 4200)).queue("billing"))
                    .child(JobRequest.of("render-invoice", new Invoice("initech", 990)).queue("billing"),
                            ChildFailure.CONTINUE_PARENT));                    // the parent runs even if this one fails
            int total = flow.job().await(Duration.ofSeconds(30)).result(Integer.class);     // 5190

            FlowResult chain = capstan.flows().enqueue(Flow.chain(          // each step gets the previous result
                    JobRequest.of("upper", "capstan"), JobRequest.of("exclaim", "")));
            String shout = chain.job().await(Duration.ofSeconds(30)).result(String.class);   // "CAPSTAN!"
            // end::flow[]
            return new Seen(after, receipt, cancelled, batch.status(), total, shout);
        } finally {
            worker.close();
        }
    }
}
