package dev.capstan.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JacksonJobCodecTest {
    private final JacksonJobCodec codec = new JacksonJobCodec();

    record Args(String to, int n, java.util.List<String> tags) {}

    @Test
    void roundTripsEveryField() {
        Job job = new Job("id1", "send", "mail", codec.encodeArgs(new Args("a\"b@c", 3, java.util.List.of("x", "y"))), 2, 5,
                1000L, 2000L, 3000L, "idem", "dedup", Map.of("tenant", "t1"), 1,
                new JobError("java.lang.IllegalStateException", "boom \"quoted\"", "at x\nat y\n", 4000L));
        Job back = codec.decode(codec.encode(job));
        assertEquals(job, back);
        assertEquals(new Args("a\"b@c", 3, java.util.List.of("x", "y")), codec.decodeArgs(back.args(), Args.class));
    }

    @Test
    void keepsScalarAndNullArguments() {
        for (String args : new String[] {"null", "42", "\"text with } brace\"", "[1,{\"a\":[2]}]", "{}"}) {
            Job job = new Job("i", "t", "q", args, 0, 25, 1, 1, 0, null, null, Map.of(), 0, null);
            assertEquals(args, codec.decode(codec.encode(job)).args());
        }
    }

    @Test
    void leavesOutEmptyFieldsAndDefaultsThemOnDecode() {
        Job job = new Job("i", "t", "q", "{}", 0, 25, 1, 1, 0, null, null, Map.of(), 0, null);
        String encoded = codec.encode(job);
        assertTrue(!encoded.contains("recoveries") && !encoded.contains("error") && !encoded.contains("meta"), encoded);
        Job back = codec.decode(encoded);
        assertNull(back.lastError());
        assertEquals(0, back.recoveries());
        assertEquals(Map.of(), back.metadata());
    }

    @Test
    void ignoresUnknownFieldsSoOlderWorkersReadNewerJobs() {
        Job back = codec.decode("{\"id\":\"i\",\"type\":\"t\",\"queue\":\"q\",\"future\":{\"x\":[1,2]},\"args\":{\"a\":1}}");
        assertEquals("{\"a\":1}", back.args());
    }

    @Test
    void saysWhatIsWrongWithABadElement() {
        assertTrue(assertThrows(JobDecodeException.class, () -> codec.decode("{oops")).getMessage().contains("not valid JSON"));
        assertTrue(assertThrows(JobDecodeException.class, () -> codec.decode("[1]")).getMessage().contains("not a JSON object"));
        assertTrue(assertThrows(JobDecodeException.class, () -> codec.decode("{\"id\":\"i\",\"queue\":\"q\",\"args\":1}"))
                .getMessage().contains("no 'type' field"));
        assertTrue(assertThrows(JobDecodeException.class, () -> codec.decode("{\"id\":\"i\",\"type\":\"t\",\"queue\":\"q\"}"))
                .getMessage().contains("no 'args' field"));
        assertTrue(assertThrows(JobDecodeException.class, () -> codec.decode("{\"id\":\"i\",\"type\":\"t\",\"queue\":\"q\",\"args\":{\"a\":"))
                .getMessage().contains("not valid JSON"));
    }

    @Test
    void escapesEveryStringFieldSoTheEnvelopeStaysValidJson() throws Exception {
        String nasty = "quote \" backslash \\ newline \n tab \t control \u0001 unicode é 😀";
        Job job = new Job(nasty, nasty, "q", "{}", 0, 25, 1, 1, 0, nasty, nasty, Map.of(nasty, nasty), 0,
                new JobError(nasty, nasty, nasty, 5));
        String encoded = codec.encode(job);
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(encoded); // valid JSON
        assertEquals(job, codec.decode(encoded));
    }
}
