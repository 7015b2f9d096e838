package dev.capstan.worker;

import dev.capstan.api.Job;
import dev.capstan.api.JobCodec;
import dev.capstan.api.JobHandler;
import dev.capstan.redis.queue.QueueBroker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readies a worker's job path before its first job, so the first jobs of a freshly started process
 * are not the ones that pay for it: the queue scripts are loaded into Redis (no NOSCRIPT round trip
 * and script compilation on the first fetch, ack or promotion), every handler's argument reader and
 * metrics are built (a Jackson deserializer is built by reflection on first use), and, once per JVM,
 * the codec's encode and decode paths run a few thousand times on made-up jobs (class loading and the
 * interpreter behind them, not the first due job). Measured with the {@code scheduled} benchmark and
 * a worker started two seconds before its first due job; see BENCHMARKS.md. Writes nothing to Redis
 * but the scripts; bounded to about {@link #JIT_BUDGET_MS} of one thread.
 */
final class WorkerWarmup {
    private static final Logger log = LoggerFactory.getLogger(WorkerWarmup.class);
    static final long JIT_BUDGET_MS = 150;
    private static final int JIT_ROUNDS = 20_000;
    private static final AtomicBoolean codecWarmed = new AtomicBoolean();

    private WorkerWarmup() {}

    static void run(QueueBroker broker, JobCodec codec, HandlerRegistry handlers, WorkerMetrics metrics, List<String> queues) {
        if (Boolean.getBoolean("capstan.worker.skipWarmup")) {
            return; // measurement only: the scheduled benchmark's cold start with and without the warm-up
        }
        long start = System.nanoTime();
        for (String queue : queues) {
            try {
                broker.loadScripts(queue);
            } catch (RuntimeException e) {
                // Redis away at start: the first calls fall back to EVAL as ever
                log.debug("could not load the queue scripts for {}: {}", queue, e.toString());
            }
        }
        List<Class<?>> argsTypes = new ArrayList<>();
        for (String type : handlers.types()) {
            HandlerRegistry.Registered registered = handlers.find(type).orElseThrow();
            for (JobHandler<?> handler : new JobHandler<?>[] {registered.handler(), registered.newVersion()}) {
                if (handler != null) {
                    try {
                        codec.prepareArgs(handler.argsType());
                        argsTypes.add(handler.argsType());
                    } catch (RuntimeException e) {
                        log.debug("could not prepare the arguments of {}: {}", type, e.toString());
                    }
                }
            }
            queues.forEach(queue -> metrics.prepare(queue, type));
        }
        if (codecWarmed.compareAndSet(false, true)) {
            warmCodec(codec, queues, handlers, argsTypes);
        }
        log.debug("worker warm-up took {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** The codec's per-job work on made-up jobs, within the budget; errors only end it early. */
    private static void warmCodec(JobCodec codec, List<String> queues, HandlerRegistry handlers, List<Class<?>> argsTypes) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JIT_BUDGET_MS);
        String queue = queues.isEmpty() ? "default" : queues.get(0);
        String type = handlers.types().isEmpty() ? "warm-up" : handlers.types().iterator().next();
        try {
            long now = System.currentTimeMillis();
            for (int i = 0; i < JIT_ROUNDS && (i % 256 != 0 || System.nanoTime() < deadline); i++) {
                Job job = new Job("warmup" + i, type, queue, "{\"n\":" + i + ",\"s\":\"text\"}", 0, Job.DEFAULT_MAX_ATTEMPTS,
                        now, now, i % 2 == 0 ? 0 : now + 1000, null, null, Map.of(), 0, null);
                Job back = codec.decode(codec.encode(job));
                if (!argsTypes.isEmpty()) {
                    try {
                        codec.decodeArgs("{}", argsTypes.get(i % argsTypes.size()));
                    } catch (RuntimeException e) {
                        // a type that needs fields: its reader is built all the same
                    }
                }
                if (!back.id().equals(job.id())) {
                    throw new IllegalStateException("codec round trip changed a job");
                }
            }
        } catch (RuntimeException e) {
            log.debug("codec warm-up ended early: {}", e.toString());
        }
    }
}
