package io.sfnetl.etl.read.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Splits a CSV record given as bytes into its fields without decoding it, for records that are entirely ASCII: then
 * every byte is the char that {@link Decoder} would give, and the fields are exactly those of {@link CsvTokenizer}
 * over the decoded text (a quote opens a quoted field only at a field's start, a doubled quote inside stands for one,
 * only a delimiter or the end may follow the closing quote). It answers only when it is sure: a record with a byte
 * of 0x80 or above, a malformed record, one with another number of fields than expected or (with an escape
 * character) one that holds the escape byte is left to the general reader, which decodes it and says what is wrong.
 * Not thread-safe: one per reader.
 */
public final class AsciiCsvFields {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;
    private static final long ONES = 0x0101010101010101L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    /** Added to an ASCII byte, sets its high bit exactly when the byte is 0x20 or above (no carry between bytes). */
    private static final long CONTROL = 0x6060606060606060L;

    private final byte delimiter;
    private final byte quote;
    private final int escape;
    private final int count;
    private final long delimiters;
    private final long quotes;
    private final int[] starts;
    private final int[] ends;
    /** Per field: true when it is quoted with doubled quotes inside (its value is not a plain slice). */
    private final boolean[] doubled;
    /** Per field: its value holds a quote (doubled, or within an unquoted field). */
    private final boolean[] quoteInside;
    /**
     * The last record holds no control character, no backslash and (when the CSV quote is another character, so that
     * {@link #quoteInside} does not see it) no double quote: nothing a JSON string would escape.
     */
    private boolean clean;
    private byte[] unquoted = new byte[256];
    private byte[] source;

    /**
     * @param escape the escape byte of quoted fields, or -1 (the quote itself counts as none)
     * @param count the number of fields every record must have
     */
    public AsciiCsvFields(byte delimiter, byte quote, int escape, int count) {
        this.delimiter = delimiter;
        this.quote = quote;
        this.escape = escape == quote ? -1 : escape;
        this.count = count;
        this.delimiters = (delimiter & 0xFFL) * ONES;
        this.quotes = (quote & 0xFFL) * ONES;
        this.starts = new int[count];
        this.ends = new int[count];
        this.doubled = new boolean[count];
        this.quoteInside = new boolean[count];
    }

    /**
     * Splits {@code b[from, from + length)}.
     *
     * @return true when the record is ASCII, well-formed and has exactly the expected number of fields: then
     *     {@link #value} gives each field; false when the general reader must decide
     */
    public boolean split(byte[] b, int from, int length) {
        int end = from + length;
        int scan = scan(b, from, end);
        if (scan < 0 || (escape >= 0 && contains(b, from, end, (byte) escape))) {
            return false;
        }
        // with another CSV quote, a '"' is plain text that a JSON string must escape: such records are not clean
        clean = scan == 0 && (quote == '"' || delimiter == '"' || !contains(b, from, end, (byte) '"'));
        source = b;
        byte q = quote;
        int n = 0;
        int i = from;
        while (true) {
            if (n == count) {
                return false;   // more fields than expected
            }
            if (i < end && b[i] == q) {
                int j = i + 1;
                boolean pairs = false;
                while (true) {
                    j = find(b, j, end, quotes);
                    if (j >= end) {
                        return false;   // unterminated quoted field
                    }
                    if (j + 1 < end && b[j + 1] == q) {
                        pairs = true;
                        j += 2;
                        continue;
                    }
                    break;
                }
                starts[n] = i + 1;
                ends[n] = j;
                doubled[n] = pairs;
                quoteInside[n] = pairs;
                n++;
                i = j + 1;
                if (i == end) {
                    break;
                }
                if (b[i] != delimiter) {
                    return false;   // text after the closing quote
                }
                i++;
            } else {
                int j = find(b, i, end, delimiters);
                starts[n] = i;
                ends[n] = j;
                doubled[n] = false;
                quoteInside[n] = clean && find(b, i, j, quotes) < j;
                n++;
                if (j == end) {
                    break;
                }
                i = j + 1;
            }
        }
        return n == count;
    }

    /**
     * @return the index of the first byte of {@code b[from, end)} equal to the byte repeated in {@code pattern}, or
     *     {@code end}: eight bytes a step, by an exact zero-byte test of {@code word ^ pattern} (no carry between
     *     bytes, so no false hit however the bytes around a match look)
     */
    private static int find(byte[] b, int from, int end, long pattern) {
        int i = from;
        for (; i + 8 <= end; i += 8) {
            long x = (long) LONGS.get(b, i) ^ pattern;
            long zeros = ~(((x & LOWS) + LOWS) | x | LOWS);
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
        }
        byte c = (byte) pattern;
        while (i < end && b[i] != c) {
            i++;
        }
        return i;
    }

    /**
     * @return -1 when a byte of {@code b[from, end)} is 0x80 or above, else 1 when one is below 0x20 or a backslash
     *     (a JSON string would escape it), else 0 (eight bytes a step)
     */
    static int scan(byte[] b, int from, int end) {
        int i = from;
        long high = 0;
        long special = 0;
        for (; i + 8 <= end; i += 8) {
            long w = (long) LONGS.get(b, i);
            long x = w ^ BACKSLASHES;
            high |= w;
            special |= ~(w + CONTROL) | ~(((x & LOWS) + LOWS) | x | LOWS);   // exact for ASCII bytes
        }
        for (; i < end; i++) {
            high |= b[i];
            if (b[i] < 0x20 || b[i] == '\\') {
                special |= HIGHS;
            }
        }
        return (high & HIGHS) != 0 ? -1 : (special & HIGHS) != 0 ? 1 : 0;
    }

    /**
     * True when field {@code i}'s value is the record's own bytes and holds no character a JSON string escapes: no
     * quote, backslash or control character.
     */
    public boolean jsonSafe(int i) {
        return clean && !quoteInside[i];
    }

    private static boolean contains(byte[] b, int from, int end, byte x) {
        for (int i = from; i < end; i++) {
            if (b[i] == x) {
                return true;
            }
        }
        return false;
    }

    /**
     * Points {@code at} at field {@code i} of the last {@link #split}: {@code {array, from, to}} as the buffer and
     * bounds holding its value (the record's own bytes, or for a quoted field with doubled quotes a copy with each
     * pair made one).
     */
    public byte[] value(int i, int[] bounds) {
        if (!doubled[i]) {
            bounds[0] = starts[i];
            bounds[1] = ends[i];
            return source;
        }
        int n = 0;
        int to = ends[i];
        if (unquoted.length < to - starts[i]) {
            unquoted = Arrays.copyOf(unquoted, Math.max(to - starts[i], unquoted.length * 2));
        }
        for (int j = starts[i]; j < to; j++) {
            byte c = source[j];
            unquoted[n++] = c;
            if (c == quote) {
                j++;   // the second quote of the pair
            }
        }
        bounds[0] = 0;
        bounds[1] = n;
        return unquoted;
    }
}
