package dev.capstan.worker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.JacksonJobCodec;
import dev.capstan.api.JobRequest;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.testsupport.JvmProcess;
import dev.capstan.testsupport.LineLogger;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Text from outside (a handler's exception message, a job type or id written into Redis by anyone)
 * cannot start a line of its own in a worker's log: line breaks and control characters are escaped.
 * A real worker process, its log read line by line (issue 11).
 */
@ExtendWith(RedisExtension.class)
class LogForgingTest {

    @Test
    void userTextInAWorkersLogCannotForgeALine(RedisTestContext ctx) {
        CapstanRedis capstan = new CapstanRedis(ctx.newClient(), QueueSettings.defaults(new Namespace(ctx.namespace())),
                new JacksonJobCodec());
        JvmProcess worker = ctx.closeAfter(JvmProcess.start(List.of(LineLogger.JVM_OPTION), LogForgingWorkerMain.class,
                ctx.url(), ctx.namespace()));
        await().atMost(Duration.ofSeconds(20)).until(() -> worker.output().contains("worker started"));

        capstan.client().enqueue(JobRequest.of("explode", new TestHandlers.Args(1)).maxAttempts(1));
        // An element no producer of ours would write: a type and an id that carry line breaks.
        String forgedType = "evil\n" + LogForgingWorkerMain.FORGED;
        capstan.redis().lpush(capstan.settings().keys("default").pending(), "{\"id\":\"id\\r\\n"
                + LogForgingWorkerMain.FORGED + "\",\"type\":" + quote(forgedType) + ",\"queue\":\"default\",\"args\":{},\"maxAttempts\":1,\"createdAt\":1}");
        await().atMost(Duration.ofSeconds(20)).until(() -> capstan.admin().queue("default").dead() == 2);
        int exit = worker.terminate(20);
        assertTrue(exit == 143 || exit == 0, "the worker stops on SIGTERM (exit " + exit + ")");

        String log = worker.output();
        List<String> lines = log.lines().toList();
        assertTrue(lines.stream().noneMatch(l -> l.startsWith(LogForgingWorkerMain.FORGED)),
                "a forged line appeared in the log:\n" + log);
        assertTrue(log.contains("bad input\\n" + LogForgingWorkerMain.FORGED + "\\r\\n"), "the handler's message, escaped:\n" + log);
        assertTrue(log.contains("evil\\n" + LogForgingWorkerMain.FORGED), "the job type, escaped:\n" + log);
        assertTrue(log.contains("id\\r\\n" + LogForgingWorkerMain.FORGED), "the job id, escaped:\n" + log);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\"", "\\\"") + "\"";
    }
}
