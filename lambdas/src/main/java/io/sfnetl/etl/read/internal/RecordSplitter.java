package io.sfnetl.etl.read.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Splits a byte stream into physical records at LF bytes, with absolute byte offsets. With CSV quoting on
 * ({@code multiline}), a LF inside a quoted field does not end the record; quote state follows RFC 4180 (a quote
 * opens a quoted field only at the start of a field), identical to {@link CsvTokenizer}'s, so both agree on every
 * input. Works for ASCII-compatible encodings only (LF, quote and delimiter bytes never occur inside a multi-byte
 * character). Memory: one buffer of at most {@code maxBytes} plus the read size. Not thread-safe.
 */
public final class RecordSplitter {
    private static final int READ_SIZE = 64 * 1024;
    /** The bytes kept of a record longer than maxBytes (for the reject's raw text). */
    private static final int PREFIX = 1024;
    private static final int FIELD_START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    private static final int QUOTE_IN_QUOTED = 3;
    private static final int ESCAPED = 4;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LFS = '\n' * ONES;

    private final InputStream in;
    private final int maxBytes;
    private final boolean quoting;
    private final byte delimiter;
    private final byte quote;
    private final int escape;

    private byte[] buf = new byte[READ_SIZE];
    private long bufBase; // absolute offset of buf[0]
    private int pos; // next unread byte
    private int limit; // end of valid bytes
    private boolean eof;

    // The record found by the last next(): buf[start .. start+length) unless tooLong.
    private int start;
    private int length;
    private long offset;
    private long nextOffset;
    private int newlines;
    private boolean tooLong;
    private int prefixLength;

    /**
     * @param in the stream; its first byte is at absolute offset {@code streamStart}
     * @param multiline true to honour quoted line breaks (CSV with multiline), false to split at every LF
     * @param escape escape byte inside quoted fields, or -1
     */
    public RecordSplitter(InputStream in, long streamStart, boolean multiline, byte delimiter, byte quote, int escape,
            int maxBytes) {
        this.in = in;
        this.bufBase = streamStart;
        this.quoting = multiline;
        this.delimiter = delimiter;
        this.quote = quote;
        this.escape = escape == quote ? -1 : escape;
        this.maxBytes = maxBytes;
    }

    /**
     * Positions the splitter at the range's first record: past a BOM at the object's start, past the partial record
     * of a range that does not start exactly on a record. Call before anything else.
     *
     * @return the physical line number of that first record, or -1 when the range does not know it
     */
    public long startAt(io.sfnetl.etl.read.ReadRange range) {
        if (range.start() == 0) {
            skipBom();
            return 1;
        }
        if (!range.exactStart()) {
            skipThroughNewline();
        }
        return range.firstLine() >= 1 ? range.firstLine() : -1;
    }

    /** Skips a UTF-8 byte order mark if the stream starts with one. Call before anything else. */
    public void skipBom() {
        while (limit < 3 && !eof) {
            fill();
        }
        if (limit >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF) {
            pos = 3;
        }
    }

    /** Discards bytes up to and including the first LF (for realigning a range that starts mid-record). */
    public void skipThroughNewline() {
        while (true) {
            for (int i = pos; i < limit; i++) {
                if (buf[i] == '\n') {
                    pos = i + 1;
                    return;
                }
            }
            pos = limit;
            if (eof || !fillDiscarding()) {
                return;
            }
        }
    }

    /** Finds the next record. @return false at the end of the stream */
    public boolean next() {
        int state = FIELD_START;
        newlines = 0;
        tooLong = false;
        start = pos;
        offset = bufBase + pos;
        int scan = pos;
        while (true) {
            if (scan >= limit) {
                scan = refill(scan);
                if (scan < 0) {
                    if (limit == start && !tooLong) {
                        return false;
                    }
                    length = tooLong ? prefixLength : limit - start;
                    nextOffset = bufBase + limit;
                    pos = limit;
                    return true;
                }
                continue;
            }
            if (quoting && (state == UNQUOTED || state == FIELD_START)) {
                // most bytes are outside quoted fields, where only a LF or a quote changes more than "at a field's
                // start or not": skip to the next of these eight bytes at a time, and take the state from the last
                // byte skipped (a delimiter: a field starts; anything else: inside an unquoted field)
                int found = skipUnquoted(scan);
                if (found > scan) {
                    state = buf[found - 1] == delimiter ? FIELD_START : UNQUOTED;
                    scan = found;
                }
                if (scan >= limit) {
                    continue;
                }
            }
            byte b = buf[scan];
            if (quoting) {
                switch (state) {
                    case FIELD_START -> state = b == quote ? QUOTED : b == delimiter ? FIELD_START : UNQUOTED;
                    case UNQUOTED -> state = b == delimiter ? FIELD_START : UNQUOTED;
                    case QUOTED -> state = b == quote ? QUOTE_IN_QUOTED : b == escape ? ESCAPED : QUOTED;
                    case ESCAPED -> state = QUOTED;
                    default -> state = b == quote ? QUOTED : b == delimiter ? FIELD_START : UNQUOTED;
                }
                if (b == '\n') {
                    if (state != QUOTED) {
                        return endAt(scan);
                    }
                    newlines++;
                }
            } else if (b == '\n') {
                return endAt(scan);
            }
            scan++;
        }
    }

    /**
     * @return the index of the first LF or quote byte at or after {@code from}, or {@link #limit} when there is none:
     *     eight bytes per step (SWAR: a byte equal to the sought one becomes zero after an xor; the lowest byte flagged
     *     by {@code (x - 0x01..) & ~x & 0x80..} is the first zero byte, little-endian being the buffer's order)
     */
    private int skipUnquoted(int from) {
        byte[] b = buf;
        int end = limit;
        int i = from;
        long quotes = (quote & 0xFFL) * ONES;
        while (i + 8 <= end) {
            long w = (long) LONGS.get(b, i);
            long x = w ^ LFS;
            long y = w ^ quotes;
            long found = ((x - ONES) & ~x | (y - ONES) & ~y) & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
            i += 8;
        }
        byte q = quote;
        while (i < end && b[i] != '\n' && b[i] != q) {
            i++;
        }
        return i;
    }

    private boolean endAt(int newline) {
        if (tooLong) {
            length = prefixLength;
        } else {
            length = newline - start;
            if (length > 0 && buf[newline - 1] == '\r') {
                length--;
            }
            if (length > maxBytes) {   // buffered whole, yet longer than a record may be: as if streamed past it
                tooLong = true;
                prefixLength = Math.min(length, PREFIX);
                length = prefixLength;
            }
        }
        nextOffset = bufBase + newline + 1;
        pos = newline + 1;
        return true;
    }

    /**
     * Reads more bytes while keeping the current record (from {@code start}); past maxBytes keeps only a prefix and
     * discards the rest as it streams by.
     *
     * @return the index where scanning continues, or -1 at the end of the stream
     */
    private int refill(int scan) {
        if (eof) {
            return -1;
        }
        // past maxBytes and its terminator (a CR LF's CR) with no end in sight: too long; a record whose end is
        // buffered is decided by endAt, exactly, wherever it lies in the buffer
        if (tooLong || scan - start > maxBytes + 1) {
            if (!tooLong) {
                tooLong = true;
                prefixLength = Math.min(scan - start, PREFIX);
                System.arraycopy(buf, start, buf, 0, prefixLength);
            }
            bufBase += scan - prefixLength; // buf[prefixLength] is now the byte that was at scan
            start = 0;
            limit = prefixLength;
            return fill() ? prefixLength : -1;
        }
        int kept = scan - start;
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, kept);
            bufBase += start;
            start = 0;
            limit = kept;
        }
        if (buf.length - limit < READ_SIZE / 2) {
            buf = Arrays.copyOf(buf, Math.min(Math.max(buf.length * 2, READ_SIZE), maxBytes + READ_SIZE));
        }
        return fill() ? kept : -1;
    }

    private boolean fillDiscarding() {
        bufBase += limit;
        pos = 0;
        limit = 0;
        return fill();
    }

    private boolean fill() {
        try {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
                return false;
            }
            limit += n;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the source stream: " + e.getMessage(), e);
        }
    }

    /** Index in {@link #buffer()} of the first byte not yet handed out as part of a record. */
    public int position() {
        return pos;
    }

    /** End of the valid bytes in {@link #buffer()} (bytes from {@link #position()} to here are buffered, unread). */
    public int limit() {
        return limit;
    }

    /** Absolute offset of the byte at {@link #position()}. */
    public long positionOffset() {
        return bufBase + pos;
    }

    /**
     * Takes the bytes from {@link #position()} to the LF at {@code newline} as the current record, as {@link #next()}
     * would have found it (one CR before the LF is not part of it): for a caller that found the record's end itself
     * in the buffered bytes, knowing it holds no line break inside quotes.
     */
    public void takeRecord(int newline) {
        newlines = 0;
        tooLong = false;
        start = pos;
        offset = bufBase + pos;
        endAt(newline);
    }

    public byte[] buffer() {
        return buf;
    }

    /** Index in {@link #buffer()} of the current record's first byte. */
    public int start() {
        return start;
    }

    /** Bytes of the current record kept in the buffer (without terminator; a prefix when {@link #tooLong()}). */
    public int length() {
        return length;
    }

    /** Absolute offset of the current record's first byte. */
    public long offset() {
        return offset;
    }

    /** Absolute offset right after the current record's terminator. */
    public long nextOffset() {
        return nextOffset;
    }

    /** Line breaks inside the current record (quoted newlines). */
    public int newlines() {
        return newlines;
    }

    /** True when the current record passed maxBytes and was skipped. */
    public boolean tooLong() {
        return tooLong;
    }

    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
