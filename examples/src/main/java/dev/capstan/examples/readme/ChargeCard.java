package dev.capstan.examples.readme;

import dev.capstan.api.JobContext;
import dev.capstan.api.JobHandler;
import dev.capstan.api.JobOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Charges an order's card: the README's throttled job type (the card processor allows 20 calls a second). */
public final class ChargeCard implements JobHandler<ChargeCard.Args> {
    public static final String TYPE = "charge-card";
    private static final Logger log = LoggerFactory.getLogger(ChargeCard.class);

    public record Args(String orderId, long cents) {}

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<Args> argsType() {
        return Args.class;
    }

    @Override
    public void handle(Args args, JobContext ctx) {
        if (args.cents() <= 0) {
            throw new JobOutcome.SendToDead("order " + args.orderId() + " has nothing to charge"); // no retry helps
        }
        // Call the card processor here; pass ctx.fencingToken() if it can refuse a stale duplicate.
        log.info("charged order {}: {}.{} EUR (job {})", args.orderId(), args.cents() / 100,
                String.format("%02d", args.cents() % 100), ctx.jobId());
    }
}
