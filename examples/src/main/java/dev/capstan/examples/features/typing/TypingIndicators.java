package dev.capstan.examples.features.typing;

import dev.capstan.examples.DemoRedis;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.livestatus.LiveStatus;
import dev.capstan.redis.livestatus.LiveStatusEvent;
import dev.capstan.redis.livestatus.LiveStatusSubscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Typing indicators with live status: a client announces "typing" with a short time to live while
 * keys are pressed; other clients of the room get the change pushed and can list who is typing.
 * Alice sends her message (her status is cleared), Bob closes his laptop mid-sentence (his status
 * runs out by itself two seconds later: nobody has to clean up after a client that vanished).
 *
 * <pre>
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=dev.capstan.examples.features.typing.TypingIndicators
 * </pre>
 */
public final class TypingIndicators {
    static final Duration TYPING_TTL = Duration.ofSeconds(2);

    /** The events pushed to a listener, and who was typing at three moments. */
    public record Result(List<String> pushed, Map<String, String> bothTyping, Map<String, String> afterAliceSent,
                         Map<String, String> afterBobVanished) {}

    private TypingIndicators() {}

    public static void main(String[] args) throws Exception {
        try (DemoRedis redis = DemoRedis.open(); CapstanRedis capstan = CapstanRedis.connect(redis.url())) {
            run(capstan);
        }
    }

    public static Result run(CapstanRedis capstan) throws InterruptedException {
        LiveStatus live = new LiveStatus(capstan.redis(), capstan.namespace());
        BlockingQueue<LiveStatusEvent> events = new LinkedBlockingQueue<>();
        try (LiveStatusSubscription room = live.subscribe("room-42", events::add)) {   // another client's view
            live.announce("room-42", "alice", "typing", TYPING_TTL);   // on a keystroke, at most once a second
            live.announce("room-42", "bob", "typing", TYPING_TTL);
            Map<String, String> bothTyping = live.current("room-42");  // {alice=typing, bob=typing}

            live.clear("room-42", "alice");                            // alice sent her message
            Map<String, String> afterAliceSent = live.current("room-42");

            Thread.sleep(TYPING_TTL.toMillis() + 100);                 // bob's laptop is closed: no more announces
            Map<String, String> afterBobVanished = live.current("room-42");

            List<String> pushed = new ArrayList<>();
            for (LiveStatusEvent e; pushed.size() < 3 && (e = events.poll(5, TimeUnit.SECONDS)) != null; ) {
                pushed.add(e.actor() + (e.kind() == LiveStatusEvent.Kind.ANNOUNCED ? " is " + e.status() : " stopped"));
            }
            System.out.printf("pushed: %s%ntyping: %s, then %s, then %s%n", pushed, bothTyping, afterAliceSent, afterBobVanished);
            return new Result(pushed, bothTyping, afterAliceSent, afterBobVanished);
        }
    }
}
