package dev.capstan.examples.features.progress;

import dev.capstan.api.JobContext;
import dev.capstan.api.JobHandler;
import dev.capstan.api.JobRequest;
import dev.capstan.examples.DemoRedis;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.livestatus.LiveStatus;
import dev.capstan.redis.livestatus.LiveStatusEvent;
import dev.capstan.redis.livestatus.LiveStatusSubscription;
import dev.capstan.worker.LiveStatusProgress;
import dev.capstan.worker.Worker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Progress shown live: a handler reports progress with {@code context.progress(...)}, the worker
 * publishes it as a live status (topic "jobs", which the dashboard shows), and any process can
 * watch it change, here by subscribing. A status expires by itself if its worker dies.
 *
 * <pre>
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=dev.capstan.examples.features.progress.LiveProgress
 * </pre>
 */
public final class LiveProgress {

    public record CsvImport(String file, int chunks) {}

    static final class ImportCsv implements JobHandler<CsvImport> {
        @Override
        public String type() {
            return "import-csv";
        }

        @Override
        public Class<CsvImport> argsType() {
            return CsvImport.class;
        }

        @Override
        public void handle(CsvImport csv, JobContext context) throws InterruptedException {
            for (int chunk = 1; chunk <= csv.chunks(); chunk++) {
                Thread.sleep(100);   // stands for parsing and storing one chunk of rows
                context.progress(100 * chunk / csv.chunks(), "chunk " + chunk + " of " + csv.chunks());
            }
        }
    }

    public static void main(String[] args) throws Exception {
        try (DemoRedis redis = DemoRedis.open(); CapstanRedis capstan = CapstanRedis.connect(redis.url())) {
            run(capstan, 10);
        }
    }

    /** Runs one import of {@code chunks} chunks while watching; returns its events, in order. */
    public static List<LiveStatusEvent> run(CapstanRedis capstan, int chunks) throws InterruptedException {
        Worker worker = Worker.builder(capstan).handler(new ImportCsv()).queues("imports").build().start();
        LiveStatus live = new LiveStatus(capstan.redis(), capstan.namespace());
        BlockingQueue<LiveStatusEvent> events = new LinkedBlockingQueue<>();
        try (LiveStatusSubscription watching = live.subscribe(LiveStatusProgress.TOPIC, events::add)) {
            String jobId = capstan.client().enqueue(
                    JobRequest.of("import-csv", new CsvImport("customers.csv", chunks)).queue("imports")).jobId();
            List<LiveStatusEvent> seen = new ArrayList<>();
            for (LiveStatusEvent event; (event = events.poll(30, TimeUnit.SECONDS)) != null; ) {
                if (event.actor().equals(jobId)) {   // the topic has every job's progress
                    seen.add(event);
                    System.out.println(event.kind() == LiveStatusEvent.Kind.ANNOUNCED ? event.status() : "done");
                    if (event.kind() == LiveStatusEvent.Kind.CLEARED) {
                        return seen;
                    }
                }
            }
            throw new IllegalStateException("no progress for 30 s; seen: " + seen);
        } finally {
            worker.close();
        }
    }
}
