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
    private static final long LFS = 0x0A0A0A0A0A0A0A0AL;
    private static final long CRS = 0x0D0D0D0D0D0D0D0DL;
    /** Added to an ASCII byte, sets its high bit exactly when the byte is 0x20 or above (no carry between bytes). */
    private static final long CONTROL = 0x6060606060606060L;

    /** Most fields a record may have here (their flags are bits of a long); wider records take the general path. */
    public static final int MAX_FIELDS = 64;

    private final byte delimiter;
    private final byte quote;
    private final int escape;
    private final int count;
    private final long delimiters;
    private final long quotes;
    /** {@link #plainLine} applies: the delimiter is no control byte, no backslash, and the quote is {@code "}. */
    private final boolean plainLines;
    private final int[] starts;
    /**
     * Where {@link #plainLine} stopped, for {@link #onePass} to go on: the index of the first byte it did not read
     * (-1: the record is not one to split), the fields split before it and the start of the field it is in. Every quote
     * before it closed a field, so that the pass's other state (quotes, CRs, odd bytes) starts from nothing there.
     */
    private int resumeAt;
    private int resumeFields;
    private int resumeFieldStart;
    private final int[] ends;
    /** Bit n: field n is quoted with doubled quotes inside (its value is not a plain slice). */
    private long doubled;
    /** Bit n: field n's value holds a quote (doubled, or within an unquoted field). */
    private long quoteInside;
    /**
     * The last record holds no control character, no backslash and (when the CSV quote is another character, so that
     * {@link #quoteInside} does not see it) no double quote: nothing a JSON string would escape.
     */
    private boolean clean;
    private byte[] unquoted = new byte[256];
    private byte[] source;
    /** Subtracted from positions in the record's source when storing field bounds ({@link #splitLine}). */
    private int base;

    /**
     * @param escape the escape byte of quoted fields, or -1 (the quote itself counts as none)
     * @param count the number of fields every record must have, at most {@link #MAX_FIELDS}
     */
    public AsciiCsvFields(byte delimiter, byte quote, int escape, int count) {
        if (count < 1 || count > MAX_FIELDS) {
            throw new IllegalArgumentException("fields per record must be 1 to " + MAX_FIELDS + ", got " + count);
        }
        this.delimiter = delimiter;
        this.quote = quote;
        this.escape = escape == quote ? -1 : escape;
        this.count = count;
        this.delimiters = (delimiter & 0xFFL) * ONES;
        this.quotes = (quote & 0xFFL) * ONES;
        this.plainLines = delimiter >= 0x20 && delimiter != '\\' && quote == '"';
        this.starts = new int[count];
        this.ends = new int[count];
    }

    /**
     * Splits {@code b[from, from + length)}.
     *
     * @return true when the record is ASCII, well-formed and has exactly the expected number of fields: then
     *     {@link #value} gives each field; false when the general reader must decide
     */
    public boolean split(byte[] b, int from, int length) {
        int end = from + length;
        if (escape >= 0 && contains(b, from, end, (byte) escape)) {
            return false;
        }
        source = b;
        base = 0;
        doubled = 0;
        quoteInside = 0;
        int passed = onePass(b, from, end, false, from, 0, from);
        if (passed == EXACT) {
            int scan = scan(b, from, end);
            clean = cleanOf((scan & SPECIAL) != 0 ? HIGHS : 0, b, from, end);
            doubled = 0;
            quoteInside = 0;
            return scan >= 0 && splitExact(b, from, end);
        }
        return passed >= 0;
    }

    /**
     * Finds a record and splits it in the same pass: the bytes from {@code from} up to the first LF outside quotes
     * within {@code b[from, limit)}, as {@link RecordSplitter} would cut it (a CR before the LF is not part of it).
     * Field positions are then relative to {@code from}: copy the record's bytes to where they are used and pass the
     * copy to {@link #useSource} before {@link #value}.
     *
     * @return the index of the LF ending the record, or -1 when this cannot tell or the record is not one it splits
     *     (no LF buffered, a line break inside quotes, a blank line, a record {@link #split} would refuse): then cut
     *     the record with {@link RecordSplitter} and call {@link #split}
     */
    public int splitLine(byte[] b, int from, int limit) {
        if (escape >= 0) {
            return -1;
        }
        base = from;
        doubled = 0;
        quoteInside = 0;
        resumeAt = from;
        resumeFields = 0;
        resumeFieldStart = from;
        int lf = plainLines ? plainLine(b, from, limit) : -1;
        if (lf < 0 && resumeAt >= 0) {
            lf = onePass(b, from, limit, true, resumeAt, resumeFields, resumeFieldStart);
        }
        return lf > from && !(lf == from + 1 && b[from] == '\r') ? lf : -1;
    }

    /** The bytes the positions of the last {@link #splitLine} refer to (from 0: the record's copy). */
    public void useSource(byte[] record) {
        source = record;
    }

    /**
     * True when a record with these {@code special} bytes holds nothing a JSON string escapes: no control character,
     * no backslash, and, when the CSV quote is another character (so that quoted fields do not account for it), no
     * double quote.
     */
    private boolean cleanOf(long special, byte[] b, int from, int end) {
        return (special & HIGHS) == 0 && (quote == '"' || delimiter == '"' || !contains(b, from, end, (byte) '"'));
    }

    /**
     * {@link #splitLine}'s first try, for the common record: the bytes up to its LF are ASCII and hold no control
     * character (no CR: a CR LF ends no record here) and no backslash, and quotes only around whole fields without
     * quotes inside ({@code ,"gift, please wrap",}), so only delimiters, the LF and such quotes matter: three tests a
     * word instead of {@link #onePass}'s seven. Needs a delimiter of 0x20 or above and the double quote as the quote
     * ({@link #plainLines}).
     *
     * @return the LF's index, or -1 when the record is not such a one or no LF is within the whole words before
     *     {@code end}: then {@link #onePass} goes on from the byte it stopped at ({@link #resumeAt}, or -1 when the
     *     record is surely not one to split here)
     */
    private int plainLine(byte[] b, int from, int end) {
        int n = 0;
        int fieldStart = from;
        int i = from;
        while (i + 8 <= end) {
            long w = (long) LONGS.get(b, i);
            long d = zeros(w ^ delimiters);
            long odd = oddBytes(w);
            int stop = -1;   // the first odd byte, when the word holds one
            if (odd != 0) {
                stop = i + (Long.numberOfTrailingZeros(odd) >>> 3);
                d &= (1L << ((stop - i) << 3)) - 1;
            }
            for (; d != 0; d &= d - 1) {
                if (n == count) {
                    return refuse();   // more delimiters than fields, none of them quoted
                }
                int at = i + (Long.numberOfTrailingZeros(d) >>> 3);
                setField(n++, fieldStart, at);
                fieldStart = at + 1;
            }
            if (stop < 0) {
                i += 8;
                continue;
            }
            if (b[stop] == '\n') {
                return lastField(stop, n, fieldStart, stop);
            }
            int close = closingQuote(b, stop, fieldStart, end);
            if (close < 0 || n >= count || n == count - 1 && b[close + 1] != '\n') {
                return handOver(stop, n, fieldStart);   // the pass that knows every case reads on from there
            }
            // a quoted field with nothing odd inside, closed before a delimiter or the LF
            if (b[close + 1] == '\n') {
                return lastField(close + 1, n, stop + 1, close);
            }
            setField(n++, stop + 1, close);
            fieldStart = close + 2;
            i = fieldStart;
        }
        return handOver(i, n, fieldStart);
    }

    /**
     * The bytes of {@code w} that are a quote, a backslash, a control byte or 0x80 and above, as high bits; only the
     * lowest is exact (carries of w + CONTROL only move up from a byte of 0xA0 or above, itself odd), and only it is used.
     */
    private long oddBytes(long w) {
        return ((~(w + CONTROL) | w) & HIGHS) | zeros(w ^ quotes) | zeros(w ^ BACKSLASHES);
    }

    /**
     * The quote closing a quoted field when the odd byte at {@code open} is a quote opening the field that starts at
     * {@code fieldStart}, only plain bytes come before the closing quote, and a delimiter or a LF right after it (not a
     * doubled quote); else -1.
     */
    private int closingQuote(byte[] b, int open, int fieldStart, int end) {
        if (b[open] != quote || open != fieldStart) {
            return -1;
        }
        for (int j = open + 1; j + 8 <= end; j += 8) {
            long odd = oddBytes((long) LONGS.get(b, j));
            if (odd != 0) {
                int at = j + (Long.numberOfTrailingZeros(odd) >>> 3);
                if (b[at] != quote || at + 1 >= end || (b[at + 1] != delimiter && b[at + 1] != '\n')) {
                    return -1;
                }
                return at;
            }
        }
        return -1;
    }

    /**
     * {@link #plainLine}'s end of the record at the LF {@code lf}: the last field is {@code [start, end)}.
     *
     * @return {@code lf}, or -1 when the record has another number of fields
     */
    private int lastField(int lf, int n, int start, int end) {
        if (n != count - 1) {
            return refuse();
        }
        setField(n, start, end);
        clean = true;
        return lf;
    }

    /** {@link #plainLine}'s field {@code n}: {@code b[start, end)} of the record at {@link #base}. */
    private void setField(int n, int start, int end) {
        starts[n] = start - base;
        ends[n] = end - base;
    }

    /** {@link #plainLine}'s answer for a record surely not one to split here. */
    private int refuse() {
        resumeAt = -1;
        return -1;
    }

    /** {@link #plainLine} stops at {@code at} with {@code n} fields split: {@link #onePass} reads on from there. */
    private int handOver(int at, int n, int fieldStart) {
        resumeAt = at;
        resumeFields = n;
        resumeFieldStart = fieldStart;
        return -1;
    }

    /** {@link #onePass} answer: a quote where only the exact reading can tell ({@link #splitExact} decides). */
    private static final int EXACT = -2;

    /**
     * Splits in one pass, eight bytes a step: a delimiter ends a field unless an odd number of quotes precedes it in
     * the record (inside a quoted field; a doubled quote toggles twice), found by a prefix xor of the quote bytes.
     * Each field is then checked against {@link CsvTokenizer}'s reading: no quote, or quoted whole with only
     * doubled quotes inside.
     *
     * @param line false: the record is {@code b[from, end)}; true: it ends at the first LF outside quotes before
     *     {@code end} (then a LF inside quotes, or none, is a -1)
     * @param resume where to read on: {@code from}, or where {@link #plainLine} stopped ({@link #resumeAt})
     * @param fields the fields split before {@code resume}
     * @param resumeFieldStart the start of the field {@code resume} is in
     * @return the end of the record (with {@code line}: the LF's index) when split; -1 when the record is not ASCII or
     *     (with {@code line}) anything else is odd: no LF, one inside quotes, another number of fields, odd quoting;
     *     {@link #EXACT} (without {@code line}) when the fields do not come out right: only the exact reading can tell
     *     whether a quote where this pass does not expect one is the reason
     */
    private int onePass(byte[] b, int from, int end, boolean line, int resume, int fields, int resumeFieldStart) {
        int n = fields;
        int fieldStart = resumeFieldStart;
        int quotesSoFar = 0;
        int quotesAtStart = 0;
        int crCount = 0;
        long high = 0;
        long special = 0;
        long insideCarry = 0;   // all ones while inside a quoted field at the end of the last word
        int recordEnd = -1;
        int i = resume;
        for (; i + 8 <= end; i += 8) {
            long w = (long) LONGS.get(b, i);
            long x = w ^ delimiters;
            long d = zeros(x);
            long y = w ^ quotes;
            long q = zeros(y);
            long inside = 0;
            if ((q | insideCarry) != 0) {
                inside = q;   // bit 7 of byte k: the parity of the quotes in bytes 0..k of this word
                inside ^= inside << 8;
                inside ^= inside << 16;
                inside ^= inside << 32;
                inside = (inside ^ insideCarry) & HIGHS;
                d &= ~inside;
                insideCarry = inside < 0 ? -1L : 0;
            }
            long within = -1L;   // the bytes of this word that belong to the record
            if (line) {
                long v = w ^ LFS;
                long lfs = zeros(v);
                if (lfs != 0) {
                    int at = Long.numberOfTrailingZeros(lfs) >>> 3;
                    if ((inside & (0x80L << (at << 3))) != 0) {
                        return -1;   // a line break inside quotes: the splitter counts such lines
                    }
                    insideCarry = 0;   // the record ends outside quotes; the word's quotes past the LF are the next record's
                    recordEnd = i + at;
                    within = (1L << (at << 3)) - 1;
                    d &= within;
                    q &= within;
                }
            }
            long r = w ^ CRS;
            long cr = zeros(r) & within;
            crCount += Long.bitCount(cr);
            long z = w ^ BACKSLASHES;
            high |= w & within;
            // control bytes other than CRs (counted apart) and the delimiters that end fields (a tab in TSV); backslashes
            special |= (~(w + CONTROL) & ~cr & ~d | zeros(z)) & within;
            while (d != 0) {
                int at = i + (Long.numberOfTrailingZeros(d) >>> 3);
                int quotesBefore = q == 0 ? quotesSoFar
                        : quotesSoFar + Long.bitCount(q & ((1L << ((at - i) << 3)) - 1));
                if (n == count || !field(n, b, fieldStart, at, quotesBefore - quotesAtStart)) {
                    return line ? -1 : EXACT;   // a miscounted quote may be why: the exact reading decides
                }
                n++;
                fieldStart = at + 1;
                quotesAtStart = quotesBefore;
                d &= d - 1;
            }
            quotesSoFar += Long.bitCount(q);
            if (recordEnd >= 0) {
                break;
            }
        }
        boolean inside = insideCarry != 0;
        for (; recordEnd < 0 && i < end; i++) {
            byte c = b[i];
            if (c == '\n' && line) {
                if (inside) {
                    return -1;
                }
                recordEnd = i;
                break;
            }
            high |= c;
            if (c == quote) {
                inside = !inside;
                quotesSoFar++;
            } else if (c == delimiter && !inside) {
                if (n == count || !field(n, b, fieldStart, i, quotesSoFar - quotesAtStart)) {
                    return line ? -1 : EXACT;   // a miscounted quote may be why: the exact reading decides
                }
                n++;
                fieldStart = i + 1;
                quotesAtStart = quotesSoFar;
            } else if (c == '\r') {
                crCount++;
            } else if (c < 0x20 || c == '\\') {
                special |= HIGHS;
            }
        }
        if (line && recordEnd < 0) {
            return -1;   // the record goes on past the buffered bytes
        }
        int last = line ? recordEnd : end;
        if (line && last > from && b[last - 1] == '\r') {
            last--;   // the CR of a CR LF is not part of the record (RecordSplitter)
            crCount--;
        }
        if (crCount > 0) {
            special |= HIGHS;   // a CR inside the record needs an escape
        }
        if ((high & HIGHS) != 0) {
            return -1;
        }
        if (inside) {
            return line ? -1 : EXACT;   // unterminated: the exact reading says so
        }
        if (n != count - 1 || !field(n, b, fieldStart, last, quotesSoFar - quotesAtStart)) {
            return line ? -1 : EXACT;
        }
        clean = cleanOf(special, b, from, last);
        return line ? recordEnd : end;
    }

    /** Records field {@code n} = {@code b[s, e)} holding {@code quoteCount} quotes. @return false when odd */
    private boolean field(int n, byte[] b, int s, int e, int quoteCount) {
        if (quoteCount == 0) {
            starts[n] = s - base;
            ends[n] = e - base;
            return true;
        }
        if (e - s < 2 || b[s] != quote || b[e - 1] != quote) {
            return false;   // a quote inside an unquoted field, or text after a closing quote
        }
        if (quoteCount > 2) {
            for (int k = s + 1; k < e - 1; k++) {
                if (b[k] == quote) {
                    if (k + 2 < e && b[k + 1] == quote) {
                        k++;
                    } else {
                        return false;
                    }
                }
            }
        }
        starts[n] = s + 1 - base;
        ends[n] = e - 1 - base;
        if (quoteCount > 2) {
            doubled |= 1L << n;
            quoteInside |= 1L << n;
        }
        return true;
    }

    /** {@link #split} field by field, as {@link CsvTokenizer} reads (the one pass's fallback for odd quoting). */
    private boolean splitExact(byte[] b, int from, int end) {
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
                if (pairs) {
                    doubled |= 1L << n;
                    quoteInside |= 1L << n;
                }
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
                if (clean && find(b, i, j, quotes) < j) {
                    quoteInside |= 1L << n;
                }
                n++;
                if (j == end) {
                    break;
                }
                i = j + 1;
            }
        }
        return n == count;
    }

    /** Bit 7 of each byte of {@code x} that is zero, exactly (no carry between bytes, unlike the usual trick). */
    private static long zeros(long x) {
        return ~(((x & LOWS) + LOWS) | x | LOWS);
    }

    /**
     * @return the index of the first byte of {@code b[from, end)} equal to the byte repeated in {@code pattern}, or
     *     {@code end}: eight bytes a step, by an exact zero-byte test of {@code word ^ pattern} (no carry between
     *     bytes, so no false hit however the bytes around a match look)
     */
    static int find(byte[] b, int from, int end, long pattern) {
        int i = from;
        // a word may run past end (most fields are shorter than one): a match there counts as none
        int words = b.length - 8;
        for (; i < end && i <= words; i += 8) {
            long x = (long) LONGS.get(b, i) ^ pattern;
            long hits = zeros(x);
            if (hits != 0) {
                return Math.min(i + (Long.numberOfTrailingZeros(hits) >>> 3), end);
            }
        }
        if (i >= end) {
            return end;
        }
        byte c = (byte) pattern;
        while (i < end && b[i] != c) {
            i++;
        }
        return i;
    }

    /** {@link #scan} flag: a byte below 0x20 or a backslash (a JSON string would escape it). */
    static final int SPECIAL = 1;

    /**
     * @return -1 when a byte of {@code b[from, end)} is 0x80 or above, else {@link #SPECIAL} when one of them is
     *     special, else 0 (eight bytes a step)
     */
    int scan(byte[] b, int from, int end) {
        int i = from;
        long high = 0;
        long special = 0;
        for (; i + 8 <= end; i += 8) {
            long w = (long) LONGS.get(b, i);
            long x = w ^ BACKSLASHES;
            high |= w;
            special |= ~(w + CONTROL) | zeros(x);   // exact for ASCII bytes
        }
        for (; i < end; i++) {
            byte c = b[i];
            high |= c;
            if (c < 0x20 || c == '\\') {
                special |= HIGHS;
            }
        }
        if ((high & HIGHS) != 0) {
            return -1;
        }
        return (special & HIGHS) != 0 ? SPECIAL : 0;
    }

    /** True when every field of the last split is {@link #plain} and {@link #jsonSafe} (checked once a record). */
    public boolean plainAndSafe() {
        return clean && (doubled | quoteInside) == 0;
    }

    /**
     * True when field {@code i}'s value is the record's own bytes and holds no character a JSON string escapes: no
     * quote, backslash or control character.
     */
    public boolean jsonSafe(int i) {
        return clean && (quoteInside & (1L << i)) == 0;
    }

    private static boolean contains(byte[] b, int from, int end, byte x) {
        for (int i = from; i < end; i++) {
            if (b[i] == x) {
                return true;
            }
        }
        return false;
    }

    /** True when field {@code i} of the last {@link #split} is a slice of the record: {@link #start}, {@link #end}. */
    public boolean plain(int i) {
        return (doubled & (1L << i)) == 0;
    }

    /** Where field {@code i}'s value starts in the record, when {@link #plain}. */
    public int start(int i) {
        return starts[i];
    }

    /** Where field {@code i}'s value ends in the record, when {@link #plain}. */
    public int end(int i) {
        return ends[i];
    }

    /**
     * Field {@code i}'s value after the last {@link #split} or {@link #splitLine}: the array holding it, with its
     * bounds put in {@code bounds[0]} (from) and {@code bounds[1]} (to). The array is the record's own bytes, or for
     * a quoted field with doubled quotes this splitter's copy with each pair made one (valid until the next call).
     */
    public byte[] value(int i, int[] bounds) {
        if ((doubled & (1L << i)) == 0) {
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
