package dev.capstan.examples.shortener;

import java.util.regex.Pattern;

/**
 * Short codes: generated ones from a counter, custom aliases chosen by users, in two spaces that
 * can never meet, so a generated code never needs a retry and an alias never hides one.
 *
 * <p>A generated code is the counter value in mixed radix: one decimal digit, then as few base-62
 * digits as it takes (1 is "1", 10 is "0a", 62 is "10", 620 is "0a0"). It always starts with a digit,
 * every value has its own code, and codes stay at 6 characters up to 9.1 billion links. An alias
 * must start with a letter.
 */
public final class ShortCodes {
    private static final char[] BASE62 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{2,63}");
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private ShortCodes() {}

    /** The code of counter value {@code n} (n >= 1): a decimal digit, then base-62 digits. */
    public static String encode(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("codes start at 1, got " + n);
        }
        int tail = 0; // base-62 digits after the leading decimal one
        for (long rest = n / 10; rest > 0; rest /= 62) {
            tail++;
        }
        // n / 10 has `tail` base-62 digits, so n < 10 * 62^tail: the leading digit is below 10.
        char[] code = new char[tail + 1];
        long rest = n;
        for (int i = tail; i >= 1; i--) {
            code[i] = BASE62[(int) (rest % 62)];
            rest /= 62;
        }
        code[0] = BASE62[(int) rest];
        return new String(code);
    }

    /** Whether {@code alias} may be claimed: 3-64 of letters, digits, '-' and '_', starting with a letter. */
    public static boolean isValidAlias(String alias) {
        return alias != null && ALIAS.matcher(alias).matches();
    }

    /** Whether {@code code} could name a link at all (checked before any Redis call). */
    public static boolean isWellFormed(String code) {
        return code != null && CODE.matcher(code).matches();
    }
}
