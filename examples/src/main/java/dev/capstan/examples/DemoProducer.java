package dev.capstan.examples;

import dev.capstan.api.BatchOptions;
import dev.capstan.api.Batches;
import dev.capstan.api.JobClient;
import dev.capstan.api.JobRequest;
import dev.capstan.examples.jobs.ChargeCard;
import dev.capstan.examples.jobs.ResizeImage;
import dev.capstan.examples.jobs.SendWelcomeEmail;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Enqueues a steady mix of jobs, some delayed, a few doomed, as an application would. */
final class DemoProducer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DemoProducer.class);
    private final JobClient client;
    private final Batches batches;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong enqueued = new AtomicLong();
    private long ticks;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("demo-producer").factory());

    DemoProducer(JobClient client, Batches batches) {
        this.client = client;
        this.batches = batches;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::produceSafely, 0, 500, TimeUnit.MILLISECONDS);
    }

    /** Jobs enqueued so far (every job of every batch, the delayed ones included). */
    long enqueued() {
        return enqueued.get();
    }

    private void produceSafely() {
        try {
            produce();
        } catch (RuntimeException e) {
            log.warn("producer: {}", e.getMessage());
        }
    }

    private void produce() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<JobRequest> batch = new ArrayList<>();
        for (int i = 0; i < random.nextInt(5, 20); i++) {
            long n = sequence.incrementAndGet();
            batch.add(JobRequest.of(SendWelcomeEmail.TYPE, new SendWelcomeEmail.Args(n, "user" + n + "@example.com"))
                    .queue("mail").metadata("tenant", "tenant-" + (n % 7)));
        }
        long n = sequence.incrementAndGet();
        batch.add(JobRequest.of(ResizeImage.TYPE, new ResizeImage.Args("img-" + n, 5)).queue("media"));
        batch.add(JobRequest.of(ChargeCard.TYPE, new ChargeCard.Args("order-" + n, 1999, random.nextInt(80) == 0))
                .queue("payments").idempotencyKey("order-" + n).maxAttempts(3));
        batch.add(JobRequest.of(SendWelcomeEmail.TYPE, new SendWelcomeEmail.Args(n, "later" + n + "@example.com"))
                .queue("mail").runIn(Duration.ofSeconds(random.nextInt(5, 60))));
        client.enqueueAll(batch);
        enqueued.addAndGet(batch.size());
        if (ticks++ % 20 == 0) { // every 10 s, an album to resize as one batch (the dashboard's Batches page)
            List<JobRequest> album = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                album.add(JobRequest.of(ResizeImage.TYPE, new ResizeImage.Args("album-" + n + "-" + i, 5)).queue("media"));
            }
            batches.enqueue(BatchOptions.described("album " + n), album);
            enqueued.addAndGet(album.size());
        }
    }

    /** Stops producing; a batch being enqueued finishes first, so that {@link #enqueued()} stays exact. */
    @Override
    public void close() {
        timer.shutdown();
        try {
            if (!timer.awaitTermination(5, TimeUnit.SECONDS)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            timer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
