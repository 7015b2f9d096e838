package dev.capstan.redis.flags;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.redis.Namespace;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class FeatureFlagsTest {
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    private static final int SUBJECTS = 10_000;

    /** An instance with its own client, as another process would have; no periodic refresh. */
    private static FeatureFlags instance(RedisTestContext ctx, Namespace ns) {
        return ctx.closeAfter(new FeatureFlags(ctx.newClient(), ns, Duration.ZERO));
    }

    @Test
    void aChangeThroughOneInstanceReachesAnotherWithinOneSecond(RedisTestContext ctx) {
        Namespace ns = new Namespace(ctx.namespace());
        FeatureFlags writer = instance(ctx, ns);
        FeatureFlags reader = instance(ctx, ns);
        assertFalse(reader.isEnabled("checkout")); // now cached as "no such flag"

        writer.enable("checkout");
        await().atMost(ONE_SECOND).until(() -> reader.isEnabled("checkout"));

        writer.disable("checkout");
        await().atMost(ONE_SECOND).until(() -> !reader.isEnabled("checkout"));

        writer.enable("checkout");
        await().atMost(ONE_SECOND).until(() -> reader.isEnabled("checkout"));
        writer.setRollout("checkout", 0);
        await().atMost(ONE_SECOND).until(() -> reader.get("checkout").orElseThrow().rolloutPercent() == 0);
        assertFalse(reader.isEnabledFor("checkout", "user-1"));
    }

    @Test
    void listenersHearEveryAnnouncedChange(RedisTestContext ctx) {
        Namespace ns = new Namespace(ctx.namespace());
        FeatureFlags writer = instance(ctx, ns);
        FeatureFlags worker = instance(ctx, ns);
        Queue<String> heard = new ConcurrentLinkedQueue<>();
        worker.addListener(heard::add);

        writer.enable("pause:emails");
        await().atMost(ONE_SECOND).until(() -> heard.contains("pause:emails"));
        heard.clear();
        writer.disable("pause:emails");
        await().atMost(ONE_SECOND).until(() -> heard.contains("pause:emails"));
        assertFalse(worker.isEnabled("pause:emails"));
    }

    @Test
    void rolloutSharesMatchThePercentageAndEveryInstanceAgrees(RedisTestContext ctx) {
        Namespace ns = new Namespace(ctx.namespace());
        FeatureFlags first = instance(ctx, ns);
        FeatureFlags second = instance(ctx, ns);
        first.enable("new-ui");
        Set<String> previouslyIn = new HashSet<>();

        for (int percent : new int[] {0, 10, 30, 75, 100}) {
            first.setRollout("new-ui", percent);
            await().atMost(ONE_SECOND).until(() -> second.get("new-ui").orElseThrow().rolloutPercent() == percent);
            Set<String> in = new HashSet<>();
            for (int i = 0; i < SUBJECTS; i++) {
                String subject = "user-" + i;
                boolean enabled = first.isEnabledFor("new-ui", subject);
                assertEquals(enabled, second.isEnabledFor("new-ui", subject), subject + " at " + percent + "%");
                if (enabled) {
                    in.add(subject);
                }
            }
            double share = 100.0 * in.size() / SUBJECTS;
            assertTrue(Math.abs(share - percent) <= 2.0, "share " + share + "% for rollout " + percent + "%");
            assertTrue(in.containsAll(previouslyIn), "raising the rollout must only add subjects");
            previouslyIn = in;
        }
        assertEquals(SUBJECTS, previouslyIn.size());

        first.disable("new-ui");
        await().atMost(ONE_SECOND).until(() -> !second.isEnabled("new-ui"));
        assertFalse(second.isEnabledFor("new-ui", "user-1"), "a disabled flag is off even at 100%");
    }

    @Test
    void denyListWinsOverEverythingAndAllowListOverTheSwitch(RedisTestContext ctx) {
        Namespace ns = new Namespace(ctx.namespace());
        FeatureFlags admin = instance(ctx, ns);
        FeatureFlags app = instance(ctx, ns);

        admin.set("beta", false, 0, List.of("alice"), List.of());
        await().atMost(ONE_SECOND).until(() -> app.isEnabledFor("beta", "alice"));
        assertFalse(app.isEnabledFor("beta", "bob"));
        assertFalse(app.isEnabled("beta"));

        admin.enable("beta");
        admin.setRollout("beta", 100);
        admin.deny("beta", "carol");
        admin.allow("beta", "carol");
        await().atMost(ONE_SECOND).until(() -> app.get("beta").orElseThrow().allowList().contains("carol"));
        assertTrue(app.isEnabledFor("beta", "bob"));
        assertFalse(app.isEnabledFor("beta", "carol"), "deny wins over allow and over a 100% rollout");

        admin.removeFromDenyList("beta", "carol");
        await().atMost(ONE_SECOND).until(() -> app.isEnabledFor("beta", "carol"));
        admin.removeFromAllowList("beta", "alice");
        admin.disable("beta");
        await().atMost(ONE_SECOND).until(() -> !app.isEnabledFor("beta", "alice"));
        assertTrue(app.isEnabledFor("beta", "carol"), "carol is still allow-listed");
    }

    @Test
    void readsAreServedFromTheLocalCacheUntilAnInvalidationArrives(RedisTestContext ctx) {
        Namespace ns = new Namespace(ctx.namespace());
        FeatureFlags flags = instance(ctx, ns);
        Queue<String> heard = new ConcurrentLinkedQueue<>();
        flags.addListener(heard::add);
        flags.enable("search");
        // Our own announcement comes back too; wait for it so that it cannot be what drops the entry below.
        await().atMost(ONE_SECOND).until(() -> heard.contains("search"));
        assertTrue(flags.isEnabled("search"));

        var raw = ctx.newClient();
        raw.hset(ns.tagged("flag:search"), "enabled", "0"); // behind the API's back: nothing is published
        assertFalse(instance(ctx, ns).isEnabled("search"), "a fresh instance reads the changed hash");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> flags.isEnabled("search"));

        raw.publish(ns.plain("flags", "invalidations"), "search");
        await().atMost(ONE_SECOND).until(() -> !flags.isEnabled("search"));
    }

    @Test
    void periodicRefreshCatchesUnannouncedChanges(RedisTestContext ctx) {
        Namespace ns = new Namespace(ctx.namespace());
        FeatureFlags flags = ctx.closeAfter(new FeatureFlags(ctx.newClient(), ns, Duration.ofMillis(200)));
        Queue<String> heard = new ConcurrentLinkedQueue<>();
        flags.addListener(heard::add);
        flags.enable("search");
        await().atMost(ONE_SECOND).until(() -> heard.contains("search")); // our own announcement
        heard.clear();
        assertTrue(flags.isEnabled("search"));

        ctx.newClient().hset(ns.tagged("flag:search"), "enabled", "0");
        await().atMost(Duration.ofSeconds(3)).until(() -> !flags.isEnabled("search"));
        await().atMost(Duration.ofSeconds(1)).until(() -> heard.contains("search"));
    }

    @Test
    void listShowsEveryFlagAndDeleteRemovesItEverywhere(RedisTestContext ctx) {
        Namespace ns = new Namespace(ctx.namespace());
        FeatureFlags admin = instance(ctx, ns);
        FeatureFlags app = instance(ctx, ns);
        admin.set("b-flag", true, 40, List.of("x"), List.of("y"));
        admin.enable("a-flag");
        admin.enable("c-flag");
        admin.disable("c-flag");

        List<FlagState> states = app.list();
        assertEquals(List.of("a-flag", "b-flag", "c-flag"), states.stream().map(FlagState::name).toList());
        FlagState b = states.get(1);
        assertTrue(b.enabled());
        assertEquals(40, b.rolloutPercent());
        assertEquals(Set.of("x"), b.allowList());
        assertEquals(Set.of("y"), b.denyList());
        assertEquals(1, b.version());
        assertEquals(2, states.get(2).version());
        assertTrue(states.get(2).updatedAt().toEpochMilli() > 0);

        assertTrue(app.isEnabled("a-flag"));
        assertTrue(admin.delete("a-flag"));
        assertFalse(admin.delete("a-flag"));
        await().atMost(ONE_SECOND).until(() -> !app.isEnabled("a-flag"));
        assertEquals(List.of("b-flag", "c-flag"), app.list().stream().map(FlagState::name).toList());
    }

    @Test
    void closeStopsTheSubscriberThread(RedisTestContext ctx) {
        Namespace ns = new Namespace(ctx.namespace());
        String threadName = "capstan-flags-subscriber-" + ns.prefix();
        FeatureFlags flags = new FeatureFlags(ctx.newClient(), ns, Duration.ofSeconds(1));
        assertTrue(threadAlive(threadName));
        flags.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> !threadAlive(threadName));
        FeatureFlags writer = instance(ctx, ns);
        writer.enable("after-close");
        assertTrue(flags.isEnabled("after-close"), "a closed instance still reads, uncached");
    }

    private static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }
}
