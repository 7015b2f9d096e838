package dev.capstan.examples.features.payments;

import dev.capstan.api.EnqueueResult;
import dev.capstan.api.JobClient;
import dev.capstan.api.JobContext;
import dev.capstan.api.JobHandler;
import dev.capstan.api.JobRequest;
import dev.capstan.api.RetryPolicy;
import dev.capstan.examples.DemoRedis;
import dev.capstan.examples.features.QueueDrain;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.worker.JobTypeOptions;
import dev.capstan.worker.Worker;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Exactly-once payments with an idempotency key. The customer double-clicks "Pay" (two jobs with
 * the same key), the payment provider's reply to the first charge is lost (the attempt fails after
 * the money moved, and is retried), and the shop retries its request after everything is done.
 * The card is charged once: Capstan runs the key to success at most once and answers the late
 * request {@code ALREADY_COMPLETED}; the provider, given the same key, does not charge twice when a
 * retry follows a lost reply (the case Capstan cannot see: the side effect happened, the ack did not).
 *
 * <pre>
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=dev.capstan.examples.features.payments.ExactlyOncePayments
 * </pre>
 */
public final class ExactlyOncePayments {

    public record Charge(String orderId, long cents) {}

    /** A payment provider that, like Stripe's Idempotency-Key, charges each key once; its first reply is lost. */
    public static final class PaymentProvider {
        private final Map<String, String> chargeByKey = new ConcurrentHashMap<>();
        private final AtomicInteger moneyMovements = new AtomicInteger();
        private final AtomicInteger calls = new AtomicInteger();

        public String charge(String idempotencyKey, long cents) throws SocketTimeoutException {
            String chargeId = chargeByKey.computeIfAbsent(idempotencyKey, k -> {
                moneyMovements.incrementAndGet();
                return "ch_" + (1000 + moneyMovements.get());
            });
            if (calls.incrementAndGet() == 1) {
                throw new SocketTimeoutException("read timed out (the charge went through, its reply did not)");
            }
            return chargeId;
        }

        public int moneyMovements() {
            return moneyMovements.get();
        }

        public int calls() {
            return calls.get();
        }
    }

    public static final class ChargeCard implements JobHandler<Charge> {
        private final PaymentProvider psp;

        public ChargeCard(PaymentProvider psp) {
            this.psp = psp;
        }

        @Override
        public String type() {
            return "charge-card";
        }

        @Override
        public Class<Charge> argsType() {
            return Charge.class;
        }

        @Override
        public void handle(Charge charge, JobContext context) throws Exception {
            // Pass the same key on: if this attempt dies after the charge, the retry must not charge again.
            String id = psp.charge("order:" + charge.orderId(), charge.cents());
            System.out.printf("attempt %d charged order %s: %s%n", context.attempt() + 1, charge.orderId(), id);
        }
    }

    public static void main(String[] args) throws Exception {
        try (DemoRedis redis = DemoRedis.open(); CapstanRedis capstan = CapstanRedis.connect(redis.url())) {
            PaymentProvider psp = new PaymentProvider();
            List<EnqueueResult> results = run(capstan, psp, "order-" + System.currentTimeMillis());
            System.out.printf("enqueues: %s%nprovider calls: %d, money moved: %d time(s)%n",
                    results.stream().map(EnqueueResult::outcome).toList(), psp.calls(), psp.moneyMovements());
        }
    }

    /** Pays {@code orderId} through the three mishaps; returns the three enqueue results. */
    public static List<EnqueueResult> run(CapstanRedis capstan, PaymentProvider psp, String orderId) throws InterruptedException {
        Worker worker = Worker.builder(capstan)
                .handler(new ChargeCard(psp), JobTypeOptions.defaults().withRetryPolicy(RetryPolicy.fixed(Duration.ofMillis(500))))
                .queues("payments")
                .build();
        try {
            JobClient client = capstan.client();
            JobRequest pay = JobRequest.of("charge-card", new Charge(orderId, 1999))
                    .queue("payments")
                    .idempotencyKey(orderId)   // scoped to the queue; remembered 7 days after success
                    .maxAttempts(5);
            EnqueueResult first = client.enqueue(pay);
            EnqueueResult doubleClick = client.enqueue(pay);   // a second job: it will find the key done, or wait for it
            worker.start();
            QueueDrain.await(capstan.admin(), "payments", Duration.ofSeconds(20));
            EnqueueResult late = client.enqueue(pay);   // ALREADY_COMPLETED: nothing enqueued
            return List.of(first, doubleClick, late);
        } finally {
            worker.close();
        }
    }
}
