package io.sfnetl.etl.read;

import java.util.List;

/**
 * The byte range of a source object that one reader owns: every record that STARTS in {@code [start, end)}.
 * Offsets are absolute offsets in the (uncompressed) object.
 *
 * <p>The stream handed to {@link RecordReaders#open} starts at byte {@code exactStart ? start : max(0, start - 1)}
 * and may run past {@code end}. With {@code exactStart == false} and {@code start > 0} the reader discards bytes up
 * to and including the first newline (so it must see the byte at {@code start - 1}: if that byte is a newline, the
 * record starting at {@code start} is owned). With {@code exactStart == true}, {@code start} must be a record start
 * (an offset returned as {@link SourceRecord#offset()} by a sequential scan).
 *
 * @param start first owned byte (inclusive), &gt;= 0
 * @param end end of the range (exclusive); {@link Long#MAX_VALUE} for "to the end of the object"
 * @param exactStart true when {@code start} is known to be a record start
 * @param firstLine 1-based physical line number of the first record of the range, or -1 if unknown
 *     (ignored when {@code start == 0}: that is line 1)
 * @param header the CSV header columns when the spec says {@code header: true} and {@code start > 0}
 *     (read with {@link RecordReaders#readHeader}); null if read from the stream or not CSV
 */
public record ReadRange(long start, long end, boolean exactStart, long firstLine, List<String> header) {
    public ReadRange {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("invalid read range [" + start + ", " + end + "): need 0 <= start <= end");
        }
        header = header == null ? null : List.copyOf(header);
    }

    /** The whole object, from byte 0 to its end. */
    public static ReadRange whole() {
        return new ReadRange(0, Long.MAX_VALUE, true, 1, null);
    }

    /** The offset of the first byte of the stream a reader of this range must be given. */
    public long streamStart() {
        return exactStart || start == 0 ? start : start - 1;
    }
}
