package dev.capstan.redis.gates;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.redis.Namespace;
import dev.capstan.redis.flags.FeatureFlags;
import dev.capstan.redis.flags.FlagState;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 9, item 7: Capstan's own switches (queue-paused.*, type-off.*, worker-quiet.*) showed up in the
 * application's flag list, on the dashboard's Flags tab and in its flag listeners. They now live in a
 * space of their own, and still reach every process.
 */
@ExtendWith(RedisExtension.class)
class JobGatesTest {

    @Test
    void gatesNeverMixWithTheApplicationsFlagsYetEveryProcessObeysThem(RedisTestContext ctx) {
        Namespace ns = new Namespace(ctx.namespace());
        FeatureFlags app = ctx.closeAfter(new FeatureFlags(ctx.newClient(), ns));
        Queue<String> heard = new ConcurrentLinkedQueue<>();
        app.addListener(heard::add);
        JobGates dashboardGates = new JobGates(app); // as the dashboard's controls are built
        JobGates workerGates = new JobGates(ctx.closeAfter(FeatureFlags.internal(ctx.newClient(), ns))); // as a worker

        dashboardGates.pauseQueue("mail");
        dashboardGates.switchOff("resize");
        dashboardGates.quietWorker("w-1");
        app.enable("new-checkout");

        await().atMost(Duration.ofSeconds(2)).until(() -> workerGates.isPaused("mail")
                && workerGates.isSwitchedOff("resize") && workerGates.isQuietRequested("w-1"));
        await().atMost(Duration.ofSeconds(2)).until(() -> heard.contains("new-checkout"));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> List.copyOf(heard).equals(List.of("new-checkout")));
        assertEquals(List.of("new-checkout"), app.list().stream().map(FlagState::name).toList(),
                "the application's list holds its own flags only");
        assertEquals(List.of("queue-paused.mail", "type-off.resize", "worker-quiet.w-1"),
                workerGates.flags().list().stream().map(FlagState::name).toList());
        assertTrue(dashboardGates.flags().isInternal());
        assertTrue(!app.isEnabled("queue-paused.mail"), "not an application flag");

        dashboardGates.resumeQueue("mail");
        await().atMost(Duration.ofSeconds(2)).until(() -> !workerGates.isPaused("mail"));
    }
}
