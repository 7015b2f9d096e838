package dev.capstan.examples.jobs;

import dev.capstan.api.JobContext;
import dev.capstan.api.JobHandler;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Charges a card through a flaky payment provider: fails now and then (one attempt in 20), so the
 * demo shows retries, and for "bad" cards (about one order in 80) always, so it shows the dead set. Enqueued with an idempotency key per order,
 * so an order is charged to completion at most once.
 */
public final class ChargeCard implements JobHandler<ChargeCard.Args> {
    public static final String TYPE = "charge-card";

    public record Args(String orderId, long cents, boolean badCard) {}

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<Args> argsType() {
        return Args.class;
    }

    @Override
    public void handle(Args args, JobContext context) {
        if (args.badCard()) {
            throw new IllegalArgumentException("card for order " + args.orderId() + " was declined");
        }
        if (ThreadLocalRandom.current().nextInt(20) == 0) {
            throw new IllegalStateException("payment provider timed out (fencing token "
                    + context.fencingToken().orElse(-1) + ")");
        }
    }
}
