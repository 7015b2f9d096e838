package dev.capstan.redis.bloom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Known answers of the reference MurmurHash3_x64_128 (the vectors Guava and Spark test against). */
class Murmur3Test {

    @Test
    void matchesReferenceVectors() {
        assertHash(0, 0x629942693e10f867L, 0x92db0b82baeb5347L, "hell");
        assertHash(1, 0xa78ddff5adae8d10L, 0x128900ef20900135L, "hello");
        assertHash(2, 0x8a486b23f422e826L, 0xf962a2c58947765fL, "hello ");
        assertHash(3, 0x2ea59f466f6bed8cL, 0xc610990acc428a17L, "hello w");
        assertHash(4, 0x79f6305a386c572cL, 0x46305aed3483b94eL, "hello wo");
        assertHash(5, 0xc2219d213ec1f1b5L, 0xa1d8e2e0a52785bdL, "hello wor");
        assertHash(0, 0xe34bbc7bbc071b6cL, 0x7a433ca9c49a9347L, "The quick brown fox jumps over the lazy dog");
        assertHash(0, 0x658ca970ff85269aL, 0x43fee3eaa68e5c3eL, "The quick brown fox jumps over the lazy cog");
    }

    @Test
    void emptyInputWithSeedZeroIsZero() {
        long[] hash = Murmur3.hash128(new byte[0], 0);
        assertEquals(0L, hash[0]);
        assertEquals(0L, hash[1]);
    }

    private static void assertHash(int seed, long h1, long h2, String input) {
        long[] hash = Murmur3.hash128(input.getBytes(StandardCharsets.UTF_8), seed);
        assertEquals(h1, hash[0], "h1 of '" + input + "'");
        assertEquals(h2, hash[1], "h2 of '" + input + "'");
    }
}
