package dev.capstan.examples.features.gates;

import dev.capstan.api.JobContext;
import dev.capstan.api.JobHandler;
import dev.capstan.api.JobRequest;
import dev.capstan.examples.DemoRedis;
import dev.capstan.examples.features.QueueDrain;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.flags.FeatureFlags;
import dev.capstan.redis.flags.FlagState;
import dev.capstan.redis.gates.JobGates;
import dev.capstan.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Pausing a queue and rolling out a new handler version with flags. {@link JobGates} writes feature
 * flags that every worker obeys within about a second; any process (an admin tool, the dashboard)
 * can flip them.
 *
 * <pre>
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=dev.capstan.examples.features.gates.PauseAndRollout
 * </pre>
 */
public final class PauseAndRollout {

    public record Image(String id) {}

    /** Two versions of one job type: same type name, same arguments. */
    static final class Resize implements JobHandler<Image> {
        final AtomicInteger runs = new AtomicInteger();

        @Override
        public String type() {
            return "resize-image";
        }

        @Override
        public Class<Image> argsType() {
            return Image.class;
        }

        @Override
        public void handle(Image image, JobContext context) {
            runs.incrementAndGet();
        }
    }

    /** What happened: jobs still waiting after a second of pause, then runs per version at 0%, 50% and 100%. */
    public record Result(long waitingWhilePaused, int[] v1Runs, int[] v2Runs) {}

    public static void main(String[] args) throws Exception {
        try (DemoRedis redis = DemoRedis.open(); CapstanRedis capstan = CapstanRedis.connect(redis.url())) {
            run(capstan, 200);
        }
    }

    public static Result run(CapstanRedis capstan, int jobsPerStep) throws InterruptedException {
        Resize v1 = new Resize();
        Resize v2 = new Resize();
        Worker worker = Worker.builder(capstan)
                .handler(v1)
                .rollout(v2, "resize-v2")   // v2 runs for the share of jobs that flag "resize-v2" rolls out to
                .queues("media")
                .build()
                .start();
        try (FeatureFlags flags = new FeatureFlags(capstan.redis(), capstan.namespace())) {
            JobGates gates = new JobGates(flags);   // from any process: an admin tool, a deploy script
            gates.pauseQueue("media");              // workers stop fetching from "media"; producers go on
            awaitSeen(() -> worker.gates().isPaused("media"));
            enqueue(capstan, jobsPerStep);
            Thread.sleep(1_000); // a second in which a paused queue must not move
            long waiting = capstan.admin().queue("media").size();
            System.out.printf("paused: %d of %d jobs still waiting after a second%n", waiting, jobsPerStep);
            gates.resumeQueue("media");

            int[] v1Runs = new int[3];
            int[] v2Runs = new int[3];
            int[] percents = {0, 50, 100};
            for (int step = 0; step < 3; step++) {
                if (step > 0) {
                    int percent = percents[step];
                    gates.rollout("resize-v2", percent);   // by a stable hash of the job id
                    awaitSeen(() -> worker.gates().flags().get("resize-v2").map(FlagState::rolloutPercent).orElse(0) == percent);
                    enqueue(capstan, jobsPerStep);
                }
                QueueDrain.await(capstan.admin(), "media", Duration.ofSeconds(30));
                v1Runs[step] = v1.runs.getAndSet(0);
                v2Runs[step] = v2.runs.getAndSet(0);
                System.out.printf("rollout %3d%%: v1 ran %d, v2 ran %d%n", percents[step], v1Runs[step], v2Runs[step]);
            }
            flags.delete("resize-v2");
            return new Result(waiting, v1Runs, v2Runs);
        } finally {
            worker.close();
        }
    }

    /**
     * Waits until the worker has the change. Every worker gets it by pub/sub within milliseconds;
     * the example waits so that the jobs it enqueues next are sure to meet the new setting.
     */
    private static void awaitSeen(BooleanSupplier change) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!change.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the worker did not see the flag change within 10 s");
            }
            Thread.sleep(10);
        }
    }

    private static void enqueue(CapstanRedis capstan, int n) {
        List<JobRequest> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            jobs.add(JobRequest.of("resize-image", new Image("img-" + i)).queue("media"));
        }
        capstan.client().enqueueAll(jobs);
    }
}
