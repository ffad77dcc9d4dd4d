package io.sfnetl.etl.rules;

import static io.sfnetl.etl.rules.ValidatedReaderTest.assertSameAsGeneralPath;
import static io.sfnetl.etl.rules.ValidatedReaderTest.assertSameOverRange;
import static org.assertj.core.api.Assertions.assertThat;

import io.sfnetl.etl.read.ReadRange;
import io.sfnetl.etl.read.RecordReaders;
import io.sfnetl.etl.rules.ValidatedReaderTest.Stats;
import io.sfnetl.etl.spec.DatasetSpec;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The Validate fast path's one-pass record finding ({@code AsciiCsvFields.splitLine}, {@code CsvRecordReader.advanceTo})
 * on files larger than the reader's 64 KiB buffer: records straddle every refill at every alignment, streams hand out
 * a few bytes per read, ranges start and end mid-file. Offsets, lines, values and staging bytes must be the general
 * path's ({@link ValidatedReaderTest#assertSameAsGeneralPath}).
 */
class ValidatedReaderBufferTest {
    private static final int READ_BUFFER = 64 * 1024;
    private static final String CSV = "{\"type\":\"csv\",\"header\":true}";
    private static final String MULTILINE = "{\"type\":\"csv\",\"header\":true,\"multiline\":true}";
    private static final String FIELDS = "{\"name\":\"id\",\"type\":\"integer\",\"required\":true},"
            + "{\"name\":\"pad\",\"type\":\"string\",\"maxLength\":80},{\"name\":\"amount\",\"type\":\"decimal\"},"
            + "{\"name\":\"code\",\"type\":\"string\",\"pattern\":\"^[A-Z]{3}$\"},{\"name\":\"note\",\"type\":\"string\"}";
    private static final String TRANSFORMS = "{\"op\":\"trim\",\"fields\":[\"note\"]},"
            + "{\"op\":\"case\",\"fields\":[\"pad\"],\"to\":\"upper\"},"
            + "{\"op\":\"derive\",\"field\":\"total\",\"expression\":\"amount * id\",\"type\":\"decimal\",\"scale\":2}";

    private static DatasetSpec spec(boolean multiline) {
        return ValidatedReaderTest.spec(multiline ? MULTILINE : CSV, FIELDS, TRANSFORMS);
    }

    /** A generated file and where its records start: {offset, physical line} each. */
    record Generated(byte[] bytes, List<long[]> starts) {
        /** The record start nearest after {@code offset}. */
        long[] startAfter(long offset) {
            for (long[] s : starts) {
                if (s[0] >= offset) {
                    return s;
                }
            }
            return starts.get(starts.size() - 1);
        }
    }

    /**
     * About {@code size} bytes of records {@code id,pad,amount,code,note} whose pad length varies (record ends fall on
     * every offset mod 8), with LF and CR LF ends, blank lines, quoted fields, some invalid or non-ASCII values and
     * (with {@code multiline}) quoted line breaks.
     *
     * @param lead extra bytes in the first record's pad (shifts every later record; past the pad's maxLength it
     *     makes that record invalid)
     * @param bom start with a UTF-8 byte order mark
     * @param lastNewline end the last record with a line break
     */
    static Generated generate(long seed, int size, boolean multiline, int lead, boolean bom, boolean lastNewline) {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder(bom ? "\uFEFF" : "").append("id,pad,amount,code,note\r\n");
        long bytes = sb.toString().getBytes(StandardCharsets.UTF_8).length;
        List<long[]> starts = new ArrayList<>();
        long line = 2;
        String[] notes = {"", "plain", " spaced ", "\"a, b\"", "\"say \"\"hi\"\"\"", "\"\"", "x\\y", "caf\u00e9",
            "tab\tin"};
        for (int k = 1; sb.length() < size; k++) {
            switch (r.nextInt(40)) {
                case 0 -> {
                    sb.append('\n');
                    bytes++;
                    line++;
                }
                case 1 -> {
                    sb.append("\r\n");
                    bytes += 2;
                    line++;
                }
                default -> { }
            }
            starts.add(new long[] {bytes, line});
            int before = sb.length();
            String pad = "p".repeat(r.nextInt(33) + (k == 1 ? lead : 0));
            String amount = r.nextInt(30) == 0 ? "x1" : (r.nextBoolean() ? "-" : "") + r.nextInt(100_000) + "."
                    + r.nextInt(10) + r.nextInt(10);
            String code = r.nextInt(25) == 0 ? "AB" : "" + (char) ('A' + r.nextInt(26)) + (char) ('A' + r.nextInt(26))
                    + (char) ('A' + r.nextInt(26));
            String note = notes[r.nextInt(notes.length)];
            if (multiline && r.nextInt(12) == 0) {
                note = "\"two\nlines\"";
                line++;
            }
            sb.append(k).append(',').append(r.nextInt(50) == 0 ? "\"" + pad + ",q\"" : pad).append(',').append(amount)
                    .append(',').append(code).append(',').append(note);
            if (r.nextInt(60) == 0) {
                sb.append(",extra");
            }
            sb.append(r.nextInt(3) == 0 ? "\r\n" : "\n");
            bytes += sb.substring(before).getBytes(StandardCharsets.UTF_8).length;
            line++;
        }
        if (!lastNewline) {
            sb.setLength(sb.length() - (sb.charAt(sb.length() - 2) == '\r' ? 2 : 1));
        }
        return new Generated(sb.toString().getBytes(StandardCharsets.UTF_8), starts);
    }

    /** Streams that hand out 1 to {@code max} bytes per read (the same sizes for every stream made). */
    static UnaryOperator<InputStream> chunks(long seed, int max) {
        return in -> new FilterInputStream(in) {
            private final SplittableRandom r = new SplittableRandom(seed);

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1 + r.nextInt(max)));
            }
        };
    }

    private static List<String> header(DatasetSpec spec, byte[] bytes) {
        return RecordReaders.readHeader(spec, new ByteArrayInputStream(bytes));
    }

    @Test
    void validatedReader_filesLargerThanReadBuffer_sameAsGeneralPath() {
        for (boolean multiline : new boolean[] {false, true}) {
            Generated g = generate(multiline ? 2 : 1, 3 * READ_BUFFER + 5000, multiline, 0, false, true);
            Stats s = assertSameAsGeneralPath(spec(multiline), g.bytes());

            assertThat(s.records()).isGreaterThan(4000);
            assertThat(s.rawRows()).as("the fast path ran").isGreaterThan(s.records() / 2);
            assertThat(s.records() - s.valid()).as("some records invalid").isGreaterThan(50);
        }
    }

    @Test
    void validatedReader_bufferEndAtEveryOffsetOfARecord_sameAsGeneralPath() {
        for (boolean multiline : new boolean[] {false, true}) {
            DatasetSpec spec = spec(multiline);
            for (int shift = 0; shift < 48; shift++) {
                // one long (invalid) first record, then short ones around the buffer's end, shifted a byte each time
                Generated g = generate(3, READ_BUFFER + 600, multiline, READ_BUFFER - 700 + shift, shift % 5 == 0,
                        shift % 2 == 0);
                Stats s = assertSameOverRange(spec, g.bytes(), ReadRange.whole(), UnaryOperator.identity());
                assertThat(s.rawRows()).isPositive();
            }
        }
    }

    /** Reads of 1 to 7 bytes (BOM, no final line break), then of 1 to 9000 bytes. */
    @Test
    void validatedReader_fewOrRandomBytesPerRead_sameAsGeneralPath() {
        for (int maxRead : new int[] {7, 9000}) {
            for (boolean multiline : new boolean[] {false, true}) {
                Generated g = generate(maxRead, READ_BUFFER + 2000, multiline, 0, maxRead == 7, maxRead != 7);
                Stats s = assertSameAsGeneralPath(spec(multiline), g.bytes(), chunks(5, maxRead));
                assertThat(s.rawRows()).as("reads of 1 to %d bytes", maxRead).isGreaterThan(s.records() / 2);
            }
        }
    }

    @Test
    void validatedReader_rangesEndingAtOrInsideRecords_sameAsGeneralPath() {
        for (boolean multiline : new boolean[] {false, true}) {
            DatasetSpec spec = spec(multiline);
            Generated g = generate(8, 2 * READ_BUFFER + 3000, multiline, 0, false, false);
            List<String> header = header(spec, g.bytes());
            int n = g.bytes().length;
            long[] nearBufferEnd = g.startAfter(READ_BUFFER - 40);
            long[] afterBufferEnd = g.startAfter(READ_BUFFER + 10);
            long[] middle = g.startAfter(n / 2);
            long[] late = g.startAfter(n - 500);
            List<ReadRange> ranges = List.of(
                    new ReadRange(nearBufferEnd[0], afterBufferEnd[0], true, nearBufferEnd[1], header),
                    new ReadRange(nearBufferEnd[0], afterBufferEnd[0] + 3, true, nearBufferEnd[1], header),
                    new ReadRange(nearBufferEnd[0], afterBufferEnd[0] - 1, true, nearBufferEnd[1], header),
                    new ReadRange(nearBufferEnd[0] + 2, middle[0], false, -1, header),
                    new ReadRange(nearBufferEnd[0], middle[0], false, 5, header),
                    new ReadRange(middle[0], late[0], true, middle[1], header),
                    new ReadRange(middle[0] + 1, late[0] + 1, false, -1, header),
                    new ReadRange(late[0], n, true, late[1], header),
                    new ReadRange(late[0], n - 1, true, late[1], header),
                    new ReadRange(0, afterBufferEnd[0], true, 1, null),
                    new ReadRange(0, nearBufferEnd[0] + 1, true, 1, null),
                    new ReadRange(n - 1, n, false, -1, header));
            int valid = 0;
            for (ReadRange range : ranges) {
                valid += assertSameOverRange(spec, g.bytes(), range, UnaryOperator.identity()).valid();
                assertSameOverRange(spec, g.bytes(), range, chunks(9, 7));
            }
            assertThat(valid).isGreaterThan(1000);
        }
    }

    @Test
    void validatedReader_recordsAcrossRanges_eachOwnedOnce() {
        DatasetSpec spec = spec(false);
        Generated g = generate(10, READ_BUFFER + 2000, false, 0, false, true);
        List<String> header = header(spec, g.bytes());
        long[] cut = g.startAfter(READ_BUFFER - 3);
        int whole = assertSameOverRange(spec, g.bytes(), ReadRange.whole(), UnaryOperator.identity()).records();
        for (long end : new long[] {cut[0], cut[0] + 1, cut[0] - 1}) {
            int first = assertSameOverRange(spec, g.bytes(), new ReadRange(0, end, true, 1, null),
                    UnaryOperator.identity()).records();
            int second = assertSameOverRange(spec, g.bytes(), new ReadRange(end, Long.MAX_VALUE, false, -1, header),
                    UnaryOperator.identity()).records();
            assertThat(first + second).as("records split at %d", end).isEqualTo(whole);
        }
    }

    @Test
    void validatedReader_handMadeEdges_sameAsGeneralPath() {
        String body = "a,b,1,1\r\n\r\n\n\r\nc,d,2,2\n\"e\nf\",g,3,3\r\nh,i,4,4";
        for (String format : new String[] {CSV, MULTILINE}) {
            DatasetSpec spec = ValidatedReaderTest.spec(format, "{\"name\":\"s\",\"type\":\"string\"},"
                    + "{\"name\":\"r\",\"type\":\"string\",\"required\":true},{\"name\":\"i\",\"type\":\"integer\"},"
                    + "{\"name\":\"d\",\"type\":\"decimal\"}");
            byte[] bytes = ("\uFEFFs,r,i,d\n" + body).getBytes(StandardCharsets.UTF_8);
            for (int max : new int[] {1, 2, 3, 7, 8, 9}) {
                assertSameAsGeneralPath(spec, bytes, chunks(max, max));
            }
            assertSameAsGeneralPath(spec, ("s,r,i,d\r\n" + body + "\r\n").getBytes(StandardCharsets.UTF_8));
            assertSameAsGeneralPath(spec, ("s,r,i,d\r\n" + body + "\r").getBytes(StandardCharsets.UTF_8));
            // one column: a blank line is a record of one empty field to the one-pass split, a blank line to the reader
            DatasetSpec single = ValidatedReaderTest.spec(format, "{\"name\":\"s\",\"type\":\"string\"}");
            Stats s = assertSameAsGeneralPath(single, "s\r\na\r\n\r\nb\n\r\n\nc\r\n\r\n\n\"\"\r\n\r\nd".getBytes(
                    StandardCharsets.UTF_8));
            assertThat(s.records()).isEqualTo(5);
        }
    }
}
