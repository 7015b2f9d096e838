package dev.capstan.examples.readme;

import dev.capstan.api.EnqueueResult;
import dev.capstan.api.JobClient;
import dev.capstan.api.JobRequest;
import dev.capstan.api.StoreUnavailableException;
import dev.capstan.redis.CapstanRedis;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The README's safe retry of an enqueue whose outcome is unknown: the request carries its own job id,
 * so sending it again after a lost reply is a no-op when the first one was stored. Run it with a Redis
 * URL: {@code SafeEnqueue redis://localhost:6379}.
 */
public final class SafeEnqueue {
    private SafeEnqueue() {}

    /** Enqueues the confirmation mail of an order exactly once, retrying while Redis is unreachable. */
    public static EnqueueResult enqueueConfirmation(JobClient client, String orderId) {
        // tag::safe-enqueue[]
        JobRequest request = JobRequest.of("send-confirmation", Map.of("order", orderId))
                .jobId("confirmation-" + orderId);          // the same id every time this request is sent
        while (true) {
            try {
                return client.enqueue(request);              // ENQUEUED, or DUPLICATE if an earlier try was stored
            } catch (StoreUnavailableException e) {
                // NOT_STORED (refused, LOADING...) or UNKNOWN (sent, no reply): with a job id both are safe to retry.
                System.err.println(e.outcome() + ": " + e.getMessage());
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
            }
        }
        // end::safe-enqueue[]
    }

    public static void main(String[] args) {
        try (CapstanRedis capstan = CapstanRedis.connect(args.length > 0 ? args[0] : "redis://localhost:6379")) {
            System.out.println(enqueueConfirmation(capstan.client(), "order-7"));
            System.out.println(enqueueConfirmation(capstan.client(), "order-7"));
        }
    }
}
