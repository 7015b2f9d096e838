package dev.capstan.examples.features.payments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.api.EnqueueResult;
import dev.capstan.examples.TestCapstan;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class ExactlyOncePaymentsTest {

    @Test
    void aDoubleClickALostReplyAndALateRetryChargeTheCardOnce(RedisTestContext ctx) throws Exception {
        CapstanRedis capstan = TestCapstan.of(ctx);
        ExactlyOncePayments.PaymentProvider psp = new ExactlyOncePayments.PaymentProvider();
        List<EnqueueResult> results = ExactlyOncePayments.run(capstan, psp, "order-7");

        assertEquals(List.of(EnqueueResult.Outcome.ENQUEUED, EnqueueResult.Outcome.ENQUEUED,
                EnqueueResult.Outcome.ALREADY_COMPLETED), results.stream().map(EnqueueResult::outcome).toList());
        assertEquals(1, psp.moneyMovements(), "charged once");
        assertEquals(2, psp.calls(), "the attempt whose reply was lost, and one retry; the double click never called");
        assertEquals(0, capstan.admin().queue("payments").dead());
    }
}
