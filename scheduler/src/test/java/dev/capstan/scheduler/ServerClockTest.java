package dev.capstan.scheduler;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class ServerClockTest {

    @Test
    void measuresTheServerClock(RedisTestContext ctx) {
        ServerClock clock = new ServerClock(ctx.newClient(), "any", 30_000);
        // Server and test run on the same host: the offset is the measuring error, a few ms.
        long offset = clock.measure();
        assertTrue(Math.abs(offset) < 1000, "offset " + offset);
        long server = clock.nowMillis();
        assertTrue(Math.abs(server - System.currentTimeMillis()) < 1000);
        assertTrue(Math.abs(clock.toLocal(server) - System.currentTimeMillis()) < 1000);
    }
}
