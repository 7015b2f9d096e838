package dev.capstan.examples.features.presence;

import dev.capstan.examples.DemoRedis;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.presence.Presence;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Presence, "who is online": every open client heartbeats into a group with a time to live;
 * anyone can list who is online and who went silent. Alice's tab keeps heartbeating, Bob's phone
 * goes to sleep and drops out by itself two seconds later, Carol logs out.
 *
 * <pre>
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=dev.capstan.examples.features.presence.WhoIsOnline
 * </pre>
 */
public final class WhoIsOnline {
    static final Duration TTL = Duration.ofSeconds(2);

    /** Who was online at the start, after Bob's phone slept, who went silent, and after Alice left. */
    public record Result(List<String> atStart, List<String> afterBobSlept, List<String> silent, List<String> atEnd) {}

    private WhoIsOnline() {}

    public static void main(String[] args) throws Exception {
        try (DemoRedis redis = DemoRedis.open(); CapstanRedis capstan = CapstanRedis.connect(redis.url())) {
            run(capstan);
        }
    }

    public static Result run(CapstanRedis capstan) throws InterruptedException {
        Presence room = new Presence(capstan.redis(), capstan.namespace(), "room-42");
        room.heartbeat("alice", TTL, Map.of("client", "web"));     // every client, every second or so
        room.heartbeat("bob", TTL, Map.of("client", "ios"));
        room.heartbeat("carol", TTL, Map.of("client", "web"));
        List<String> atStart = room.online();                      // [alice, bob, carol]
        room.leave("carol");                                        // a clean log-out: gone at once
        System.out.println("online: " + atStart + "; bob is on " + room.info("bob").get("client"));

        while (room.isOnline("bob")) {                              // bob's phone sleeps: no more heartbeats
            room.heartbeat("alice", TTL);                           // alice's tab keeps going
            Thread.sleep(250);
        }
        List<String> afterBobSlept = room.online();
        List<String> silent = room.silent(Duration.ofMinutes(5));
        System.out.println("online: " + afterBobSlept + "; went silent in the last 5 minutes: " + silent);

        room.leave("alice");
        List<String> atEnd = room.online();
        System.out.println("online after alice left: " + atEnd);
        return new Result(atStart, afterBobSlept, silent, atEnd);
    }
}
