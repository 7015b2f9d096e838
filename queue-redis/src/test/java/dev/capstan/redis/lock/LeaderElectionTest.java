package dev.capstan.redis.lock;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.redis.Namespace;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

@ExtendWith(RedisExtension.class)
class LeaderElectionTest {
    private static final String NAME = "scheduler-leader";

    /** Records what one candidate was told. */
    private static final class Recorder implements LeadershipListener {
        final AtomicLong lastToken = new AtomicLong(-1);
        final AtomicInteger elected = new AtomicInteger();
        final AtomicInteger revoked = new AtomicInteger();

        @Override
        public void onElected(long fencingToken) {
            lastToken.set(fencingToken);
            elected.incrementAndGet();
        }

        @Override
        public void onRevoked() {
            revoked.incrementAndGet();
        }
    }

    private record Candidate(LeaderElection election, Recorder recorder, RedisClient client) { }

    private static List<Candidate> candidates(RedisTestContext ctx, int count, Duration lease) {
        Namespace ns = new Namespace(ctx.namespace());
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Recorder recorder = new Recorder();
            RedisClient client = ctx.newClient();
            LeaderElection election = ctx.closeAfter(new LeaderElection(client, ns, NAME, lease, recorder));
            candidates.add(new Candidate(election, recorder, client));
        }
        candidates.forEach(c -> c.election().start());
        return candidates;
    }

    private static List<Candidate> leaders(List<Candidate> candidates) {
        return candidates.stream().filter(c -> c.election().isLeader()).toList();
    }

    private static Candidate awaitSingleLeader(List<Candidate> candidates, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(20)).until(() -> leaders(candidates).size() == 1);
        return leaders(candidates).get(0);
    }

    @Test
    void exactlyOneLeaderAndANewOneAboutALeaseAfterTheLeaderDies(RedisTestContext ctx) {
        Duration lease = Duration.ofMillis(1_500);
        List<Candidate> candidates = candidates(ctx, 4, lease);

        Candidate first = awaitSingleLeader(candidates, Duration.ofSeconds(5));
        // one leader, the same one, across several renewals
        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(25))
                .until(() -> leaders(candidates).equals(List.of(first)));
        await().atMost(Duration.ofSeconds(2)).until(() -> first.recorder().elected.get() == 1);
        assertEquals(1, candidates.stream().mapToInt(c -> c.recorder().elected.get()).sum(), "only one was ever elected");

        long killedAt = System.nanoTime();
        first.election().kill(); // stops renewing without releasing, like a crashed process
        first.client().close();
        List<Candidate> survivors = candidates.stream().filter(c -> c != first).toList();
        Candidate second = awaitSingleLeader(survivors, Duration.ofSeconds(5));
        long takeoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        System.out.println("takeover after kill: " + takeoverMs + " ms (lease " + lease.toMillis() + " ms)");

        // the dead leader's last renewal was at most a third of a lease before the kill, so its lock
        // lived on for at least two thirds of a lease: no takeover before that, and not much after a lease
        assertTrue(takeoverMs >= lease.toMillis() / 2, "took over after only " + takeoverMs + " ms");
        assertTrue(takeoverMs <= lease.toMillis() + 2_000, "took over only after " + takeoverMs + " ms");
        await().atMost(Duration.ofSeconds(2)).until(() -> second.recorder().elected.get() == 1);
        assertTrue(second.recorder().lastToken.get() > first.recorder().lastToken.get(), "fencing token grows");
        assertEquals(0, first.recorder().revoked.get(), "a killed leader is told nothing");
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(25))
                .until(() -> leaders(survivors).equals(List.of(second)));
    }

    @Test
    void gracefulStopHandsLeadershipOverQuickly(RedisTestContext ctx) {
        // candidates' fallback retry is a third of the lease (~6.7 s): only the release message is fast
        Duration lease = Duration.ofSeconds(20);
        List<Candidate> candidates = candidates(ctx, 3, lease);
        Candidate first = awaitSingleLeader(candidates, Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(2)).until(() -> first.recorder().elected.get() == 1);

        long stoppedAt = System.nanoTime();
        first.election().stop();
        assertFalse(first.election().isLeader());
        assertEquals(1, first.recorder().revoked.get(), "the stopped leader is told before stop() returns");

        List<Candidate> others = candidates.stream().filter(c -> c != first).toList();
        Candidate second = awaitSingleLeader(others, Duration.ofSeconds(5));
        long handoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
        System.out.println("handover after stop(): " + handoverMs + " ms (lease " + lease.toMillis() + " ms)");
        assertTrue(handoverMs < 3_000, "handover took " + handoverMs + " ms");
        await().atMost(Duration.ofSeconds(2)).until(() -> second.recorder().elected.get() == 1);
        assertTrue(second.recorder().lastToken.get() > first.recorder().lastToken.get());
        assertTrue(second.election().fencingToken().isPresent());
        assertEquals(second.recorder().lastToken.get(), second.election().fencingToken().getAsLong());
    }
}
