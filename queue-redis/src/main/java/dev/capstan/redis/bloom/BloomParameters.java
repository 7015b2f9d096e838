package dev.capstan.redis.bloom;

/**
 * The shape of a {@link BloomFilter}: {@code bits} (m), {@code hashes} (k) and the version of the
 * scheme that maps an item to its k bit positions. These three values are stored beside the bits;
 * a filter opened with any other values is refused, because its positions would not match.
 *
 * @param bits   m, the number of bits, 1..2^32 (a Redis string holds at most 512 MB = 2^32 bits)
 * @param hashes k, the number of bit positions per item, 1..64
 * @param scheme the position scheme, {@link #SCHEME_V1}
 */
public record BloomParameters(long bits, int hashes, String scheme) {
    /** murmur3_x64_128 of the item's UTF-8 bytes (seed 0), positions (h1 + i*h2 mod 2^63) mod m, i in 0..k-1. */
    public static final String SCHEME_V1 = "murmur3_x64_128-dh-v1";
    /** The largest bit array a Redis string can hold (512 MB). */
    public static final long MAX_BITS = 1L << 32;
    static final int MAX_HASHES = 64;

    public BloomParameters {
        if (bits < 1 || bits > MAX_BITS) {
            throw new IllegalArgumentException("a Bloom filter needs 1.." + MAX_BITS + " bits (a Redis string holds"
                    + " at most 512 MB), got " + bits);
        }
        if (hashes < 1 || hashes > MAX_HASHES) {
            throw new IllegalArgumentException("hashes must be 1.." + MAX_HASHES + ", got " + hashes);
        }
        if (!SCHEME_V1.equals(scheme)) {
            throw new IllegalArgumentException("unknown position scheme '" + scheme + "'");
        }
    }

    /**
     * The optimal filter for {@code expectedItems} items at false-positive rate {@code falsePositiveRate}:
     * m = ceil(-n ln p / (ln 2)^2), k = max(1, round(m / n * ln 2)).
     *
     * @throws IllegalArgumentException when m would exceed 2^32 bits (split the data over several filters)
     */
    public static BloomParameters forCapacity(long expectedItems, double falsePositiveRate) {
        if (expectedItems < 1) {
            throw new IllegalArgumentException("expectedItems must be >= 1, got " + expectedItems);
        }
        if (!(falsePositiveRate > 0 && falsePositiveRate < 1)) {
            throw new IllegalArgumentException("falsePositiveRate must be in (0, 1), got " + falsePositiveRate);
        }
        double ln2 = Math.log(2);
        double m = Math.ceil(-expectedItems * Math.log(falsePositiveRate) / (ln2 * ln2));
        if (m > MAX_BITS) {
            throw new IllegalArgumentException(String.format(
                    "a Bloom filter for %d items at false-positive rate %s needs %.0f bits, more than the %d bits"
                            + " (512 MB) a Redis string can hold; use a higher rate or split the items over"
                            + " several filters", expectedItems, falsePositiveRate, m, MAX_BITS));
        }
        long bits = (long) m;
        int hashes = (int) Math.max(1, Math.min(MAX_HASHES, Math.round((double) bits / expectedItems * ln2)));
        return new BloomParameters(bits, hashes, SCHEME_V1);
    }

    /** The expected false-positive rate after {@code items} insertions: (1 - e^(-k n / m))^k. */
    public double falsePositiveRateAt(long items) {
        return Math.pow(1 - Math.exp(-(double) hashes * items / bits), hashes);
    }

    /** The k bit positions of {@code item} (UTF-8), written into {@code out} from {@code offset}. */
    void positions(byte[] item, long[] out, int offset) {
        long[] hash = Murmur3.hash128(item, 0);
        long combined = hash[0];
        for (int i = 0; i < hashes; i++) {
            out[offset + i] = (combined & Long.MAX_VALUE) % bits;
            combined += hash[1];
        }
    }
}
