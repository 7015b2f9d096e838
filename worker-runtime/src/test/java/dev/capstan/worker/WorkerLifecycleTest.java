package dev.capstan.worker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.JacksonJobCodec;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.testsupport.JvmProcess;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import dev.capstan.worker.TestHandlers.Args;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A worker process lives until it is asked to stop, however its {@code main} ends. */
@ExtendWith(RedisExtension.class)
class WorkerLifecycleTest {

    @Test
    void aMainThatStartsAWorkerAndReturnsKeepsWorkingUntilSigterm(RedisTestContext ctx) {
        CapstanRedis capstan = new CapstanRedis(ctx.newClient(), QueueSettings.defaults(new Namespace(ctx.namespace())),
                new JacksonJobCodec());
        JvmProcess worker = ctx.closeAfter(JvmProcess.start(ReturningWorkerMain.class, ctx.url(), ctx.namespace()));
        await().atMost(Duration.ofSeconds(30)).until(() -> worker.output().contains("main returned"));
        // main has returned; the process must still be there a few seconds later, and still work.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(worker::isAlive);
        capstan.client().enqueue("effect", new Args(7));
        String effects = capstan.namespace().plain("effects");
        await().atMost(Duration.ofSeconds(10)).until(() -> "1".equals(capstan.redis().hget(effects, "7")));
        int exit = worker.terminate(15);
        assertTrue(exit >= 0, "SIGTERM ends the worker process: " + worker.output());
        assertTrue(capstan.workers().online().isEmpty(), "the worker left its presence group on the way out");
    }

    @Test
    void awaitTerminationReturnsOnceTheWorkerIsClosed(RedisTestContext ctx) throws Exception {
        CapstanRedis capstan = new CapstanRedis(ctx.newClient(), QueueSettings.defaults(new Namespace(ctx.namespace())),
                new JacksonJobCodec());
        Worker worker = WorkerTest.fastWorker(capstan).handler(TestHandlers.handler("noop", (a, c) -> { })).build().start();
        assertFalse(worker.awaitTermination(Duration.ofMillis(200)), "a running worker has not terminated");
        CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
            try {
                worker.awaitTermination();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertFalse(waiter.isDone());
        worker.close();
        await().atMost(Duration.ofSeconds(5)).until(waiter::isDone);
        assertTrue(worker.awaitTermination(Duration.ZERO));
        assertEquals(0, capstan.workers().online().size());
    }
}
