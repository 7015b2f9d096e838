package dev.capstan.api;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Job ids: 20 characters, time-ordered to the millisecond (so ids sort roughly by creation) with
 * about 56 random bits (collisions are negligible even at millions of jobs per second).
 */
public final class JobIds {
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private JobIds() {}

    public static String next() {
        char[] out = new char[20];
        long time = System.currentTimeMillis();
        for (int i = 8; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time % 36)];
            time /= 36;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 9; i < 20; i++) {
            out[i] = ALPHABET[random.nextInt(36)];
        }
        return new String(out);
    }
}
