package io.sfnetl.etl.row.internal;

/** Decimal digits of longs, for the row hot path (raw decimals, the staging writer, the derive in longs). */
public final class Digits {
    /** {@code TENS[k]} is ten to the power {@code k}, for {@code 0 <= k <= 18}. */
    private static final long[] TENS = new long[19];

    /** The tens and the ones digit of {@code 0 <= i < 100}, to write two digits per division. */
    private static final byte[] TENS_DIGIT = new byte[100];
    private static final byte[] ONES_DIGIT = new byte[100];

    static {
        TENS[0] = 1;
        for (int i = 1; i < TENS.length; i++) {
            TENS[i] = TENS[i - 1] * 10;
        }
        for (int i = 0; i < 100; i++) {
            TENS_DIGIT[i] = (byte) ('0' + i / 10);
            ONES_DIGIT[i] = (byte) ('0' + i % 10);
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

    /**
     * Writes the digits of {@code v >= 0} so that the last one is at {@code end - 1}, two per division by a constant
     * (a multiplication), in int arithmetic once the value fits.
     *
     * @return the index of the first digit written
     */
    public static int write(byte[] b, int end, long v) {
        int i = end;
        while (v > Integer.MAX_VALUE) {
            long q = v / 100;
            int r = (int) (v - q * 100);
            b[--i] = ONES_DIGIT[r];
            b[--i] = TENS_DIGIT[r];
            v = q;
        }
        int x = (int) v;
        while (x >= 100) {
            int q = x / 100;
            int r = x - q * 100;
            b[--i] = ONES_DIGIT[r];
            b[--i] = TENS_DIGIT[r];
            x = q;
        }
        if (x >= 10) {
            b[--i] = ONES_DIGIT[x];
            b[--i] = TENS_DIGIT[x];
        } else {
            b[--i] = (byte) ('0' + x);
        }
        return i;
    }

    /**
     * Writes {@code v * 10^-scale} ({@code v >= 0}, {@code 0 <= scale <= 18}) in plain notation, as
     * {@link java.math.BigDecimal#toString()} prints it when that has no exponent ({@code 12.50}, {@code 0.05},
     * {@code 7}), so that its last byte is at {@code end - 1}: the fraction's digits, the point, the integer's digits.
     * {@code end} minus the start is {@link #plainLength}.
     *
     * @return the index of the first byte written
     */
    public static int writePlain(byte[] b, int end, long v, int scale) {
        int i = end;
        int k = scale;
        for (; k >= 2; k -= 2) {
            long q = v / 100;
            int r = (int) (v - q * 100);
            b[--i] = ONES_DIGIT[r];
            b[--i] = TENS_DIGIT[r];
            v = q;
        }
        if (k == 1) {
            long q = v / 10;
            b[--i] = (byte) ('0' + (int) (v - q * 10));
            v = q;
        }
        if (scale > 0) {
            b[--i] = '.';
        }
        return write(b, i, v);
    }

    /**
     * {@link #writePlain} of a short value as one word: {@code v * 10^-scale} with {@code 0 <= v < 10^7} and
     * {@code 1 <= scale <= 6}, its first byte at {@code b[at]} ({@code b} holds eight bytes from {@code at}; the bytes
     * past the value are overwritten).
     *
     * @return the bytes the value takes ({@link #plainLength}), or -1 when it needs more than eight (nothing written)
     */
    public static int writePlainWord(byte[] b, int at, long v, int scale) {
        int digits = Math.max(count(v), scale + 1);   // with the zeros before the point ("0.05")
        if (v < 0 || v >= 10_000_000 || scale < 1 || digits > 7) {
            return -1;
        }
        long x = eightDigits((int) v) >>> ((8 - digits) << 3);   // the digits from the lowest byte up
        int point = (digits - scale) << 3;
        long below = (1L << point) - 1;
        Words.set(b, at, (x & below) | ((long) '.' << point) | ((x & ~below) << 8));
        return digits + 1;
    }

    /** The bytes {@link #writePlain} writes for {@code v >= 0} with {@code digits = count(v)}. */
    public static int plainLength(int digits, int scale) {
        return Math.max(digits, scale + 1) + (scale > 0 ? 1 : 0);
    }

    /**
     * The eight decimal digits of {@code 0 <= v < 100_000_000}, leading zeros included, as ASCII bytes of one
     * little-endian word (the first digit in the lowest byte): four lanes of two digits split in parallel by
     * multiplications instead of four dependent divisions.
     */
    public static long eightDigits(int v) {
        long high = v / 10000;
        long merged = high | ((v - high * 10000) << 32);              // two 32-bit lanes below 10000
        long hundreds = ((merged * 10486) >>> 20) & 0x0000007F0000007FL;   // each lane / 100
        merged = ((merged - hundreds * 100) << 16) | hundreds;           // four 16-bit lanes below 100
        long tens = ((merged * 103) >>> 10) & 0x000F000F000F000FL;        // each lane / 10
        return (((merged - tens * 10) << 8) | tens) + 0x3030303030303030L;
    }

    /**
     * Reads a plain unsigned decimal of {@code 1 <= n <= 8} ASCII bytes {@code b[from, from + n)} as one word (the
     * array must hold eight bytes from {@code from}): digits with at most one point, which has a digit on each side.
     *
     * @return {@code unscaled << 16 | digitsBeforeThePoint << 8 | scale}, or -1 for any other text (a sign, a second
     *     point, a point at either end, any other byte)
     */
    public static long shortDecimal(byte[] b, int from, int n) {
        long mask = -1L >>> ((8 - n) << 3);
        long w = Words.get(b, from) & mask;
        long x = w ^ (Words.ONES * '.');   // a point is a zero byte; the bytes past n are not
        long points = (x - Words.ONES) & ~x & Words.HIGHS & mask;   // exact up to and including the first point
        int leading = n;
        long digits = w;
        int k = n;
        if (points != 0) {
            leading = Long.numberOfTrailingZeros(points) >>> 3;
            if (leading == 0 || leading > n - 2) {
                return -1;
            }
            long below = (1L << (leading << 3)) - 1;
            digits = (w & below) | ((w >>> 8) & ~below);   // the point taken out
            k = n - 1;
        }
        long highs = Words.HIGHS & (-1L >>> ((8 - k) << 3));
        if ((digits & Words.HIGHS) != 0 || (Words.inRange(digits, DIGIT_BELOW, DIGIT_ABOVE) & highs) != highs) {
            return -1;   // a byte that is no digit (a second point among them)
        }
        // the digits right-aligned (zeros before them), then three steps of pairs: Lemire's eight-digit parse
        long v = (digits & 0x0F0F0F0F0F0F0F0FL) << ((8 - k) << 3);
        v = (v * 2561) >>> 8;
        v = ((v & 0x00FF00FF00FF00FFL) * 6553601) >>> 16;
        v = ((v & 0x0000FFFF0000FFFFL) * 42949672960001L) >>> 32;
        return v << 16 | (long) leading << 8 | (n == k ? 0 : n - 1 - leading);
    }

    private static final long DIGIT_BELOW = Words.below('0');
    private static final long DIGIT_ABOVE = Words.above('9');
}
