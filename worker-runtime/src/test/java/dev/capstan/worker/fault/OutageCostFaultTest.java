package dev.capstan.worker.fault;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testsupport.JvmProcess;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fault suite, item 8: an idle worker (leader, reaper, promoter, heartbeat, fetchers, subscribers)
 * through a Redis outage of about six seconds, measured over that window: the lines it logs and the CPU
 * time its process uses. Every loop backs off with jitter up to a cap and logs the outage once when it
 * starts and once when it ends. Before, one idle worker wrote hundreds of thousands of WARN lines and
 * burned seconds of CPU in a 5 s outage. Bounds (generous for a noisy 2-core machine): at most 60 log
 * lines for the outage and the recovery, at most 1.5 s of CPU during the outage.
 */
@Tag("fault")
class OutageCostFaultTest {
    static final Duration OUTAGE = Duration.ofSeconds(6);

    @Test
    void anOutageCostsFewLogLinesAndLittleCpuAndTheWorkerResumes() {
        try (FaultRig rig = new FaultRig()) {
            JvmProcess worker = rig.worker("concurrency=4", "heartbeatMs=1000", "ttlMs=5000", "leaseMs=3000",
                    "reaperMs=1000");
            rig.enqueue("work", 0);
            await().atMost(Duration.ofSeconds(30)).until(() -> rig.count("effects", 0) == 1
                    && worker.output().contains("is the leader"));
            await().atMost(Duration.ofSeconds(5)).until(() -> rig.drained());
            int linesBefore = worker.outputLines().size();
            long cpuBefore = worker.cpuTimeMillis();

            rig.server.kill();
            await().during(OUTAGE).atMost(OUTAGE.plusSeconds(2)).until(worker::isAlive);
            long cpuDuring = worker.cpuTimeMillis() - cpuBefore;
            int linesDuring = worker.outputLines().size() - linesBefore;

            rig.server.restart();
            // The test's own pooled connection died with the server: retry (safely, with a job id) until stored.
            dev.capstan.api.JobRequest after = dev.capstan.api.JobRequest.of("work", new FaultWorkerMain.Num(1)).jobId("after");
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> rig.capstan.client().enqueue(after) != null);
            await().atMost(Duration.ofSeconds(30)).until(() -> rig.count("effects", 1) == 1);
            // Give every loop the time to notice Redis is back (and log the end of its outage) before counting.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(worker::isAlive);
            int lines = worker.outputLines().size() - linesBefore;
            System.out.printf("outage of %d s: %d log lines during it, %d with the recovery; %d ms of process CPU during it%n",
                    OUTAGE.toSeconds(), linesDuring, lines, cpuDuring);
            String logged = String.join("\n", worker.outputLines().subList(linesBefore, worker.outputLines().size()));
            System.out.println(logged);
            assertTrue(lines <= 60, lines + " log lines for one outage:\n" + logged);
            assertTrue(cpuDuring >= 0 && cpuDuring <= 1_500, cpuDuring + " ms of CPU during a " + OUTAGE + " outage");
            assertTrue(logged.contains("work again after an outage of"), "the end of the outage is logged with its length:\n"
                    + logged);
        }
    }
}
