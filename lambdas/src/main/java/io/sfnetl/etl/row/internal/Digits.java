package io.sfnetl.etl.row.internal;

/** Decimal digits of longs, for the row hot path (raw decimals, the staging writer, the derive in longs). */
public final class Digits {
    /** {@code TENS[k]} is ten to the power {@code k}, for {@code 0 <= k <= 18}. */
    private static final long[] TENS = new long[19];

    static {
        TENS[0] = 1;
        for (int i = 1; i < TENS.length; i++) {
            TENS[i] = TENS[i - 1] * 10;
        }
    }

    private Digits() {
    }

    /** Ten to the power {@code k}, {@code 0 <= k <= 18}. */
    public static long ten(int k) {
        return TENS[k];
    }

    /** The number of decimal digits of {@code v >= 0} (one comparison, no division). */
    public static int count(long v) {
        // floor(log10(2^bits)) is bits * 1233 >>> 12 for bits <= 64: the digits are that or one more
        int guess = ((64 - Long.numberOfLeadingZeros(v | 1)) * 1233) >>> 12;
        return guess + ((v | 1) >= TENS[guess] ? 1 : 0);   // v | 1: zero has one digit
    }
}
