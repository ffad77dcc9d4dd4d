package io.sfnetl.etl.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfnetl.etl.read.ReadRange;
import io.sfnetl.etl.read.RecordReader;
import io.sfnetl.etl.read.RecordReaders;
import io.sfnetl.etl.read.SourceRecord;
import io.sfnetl.etl.spec.DatasetSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A record longer than {@link RecordReaders#MAX_RECORD_BYTES} is malformed ("record longer than ..."), one of that
 * length or shorter is read, whatever its place in the reader's buffer: whether the buffer held the whole record or
 * had to be refilled past the limit, and on the general path as on the Validate fast path.
 */
class ValidatedReaderLongRecordTest {
    private static final int MAX = RecordReaders.MAX_RECORD_BYTES;
    private static final DatasetSpec SPEC = ValidatedReaderTest.spec("{\"type\":\"csv\",\"header\":true}",
            "{\"name\":\"id\",\"type\":\"integer\",\"required\":true},{\"name\":\"note\",\"type\":\"string\"}");

    /** The header, {@code padding} bytes of short records, a record of {@code length} bytes (id 7), a last record (id 8). */
    private static byte[] file(int padding, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("id,note\n".getBytes(StandardCharsets.US_ASCII));
        for (int written = 0, id = 100; written < padding; written += 16, id++) {
            out.writeBytes(String.format("%d,%s\n", id, "p".repeat(10)).getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("7," + "n".repeat(length - 2) + "\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes("8,last\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** Per record of the file: its parse error, or "ok" (general path). */
    private static List<String> general(byte[] file) {
        List<String> seen = new ArrayList<>();
        try (RecordReader r = RecordReaders.open(SPEC, new ByteArrayInputStream(file), ReadRange.whole())) {
            for (SourceRecord rec = r.next(); rec != null; rec = r.next()) {
                seen.add(rec.parseError() == null ? "ok" : rec.parseError());
            }
        }
        return seen;
    }

    /** Per record: "valid", or its reasons (the Validate stage's reader). */
    private static List<String> validated(byte[] file) {
        List<String> seen = new ArrayList<>();
        try (ValidatedReader r = ValidatedReader.open(RowValidator.of(SPEC), SPEC, new ByteArrayInputStream(file),
                ReadRange.whole())) {
            while (r.next()) {
                seen.add(r.valid() != null ? "valid" : String.join("; ", r.reasons()));
            }
        }
        return seen;
    }

    @Test
    void longRecord_atTheLimitAndPastIt_malformedExactlyWhenLongerWhereverItIsBuffered() {
        for (int padding : new int[] {0, 30_000, 65_000, 500_000}) {
            for (int length : new int[] {MAX - 1, MAX, MAX + 1, MAX + 8, MAX + 40_000, MAX + 200_000}) {
                byte[] file = file(padding, length);
                boolean tooLong = length > MAX;
                String what = "record of " + length + " bytes after " + padding + " bytes";
                List<String> general = general(file);
                List<String> validated = validated(file);
                assertThat(general).as(what).hasSize(validated.size());
                String longOne = general.get(general.size() - 2);
                assertThat(longOne).as(what).isEqualTo(tooLong ? longOne : "ok");
                assertThat(longOne.startsWith("record longer than " + MAX + " bytes")).as(what + ": " + longOne)
                        .isEqualTo(tooLong);
                assertThat(validated.get(validated.size() - 2)).as(what)
                        .isEqualTo(tooLong ? longOne : "valid");
                assertThat(general.get(general.size() - 1)).as(what + ": the record after it").isEqualTo("ok");
                assertThat(validated.get(validated.size() - 1)).as(what + ": the record after it").isEqualTo("valid");
            }
        }
    }

    /** The header, then records of these lengths (ids 10, 11, ...) and a last one. */
    private static byte[] records(int... lengths) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("id,note\n".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < lengths.length; i++) {
            String id = String.valueOf(10 + i);
            out.writeBytes((id + "," + "n".repeat(lengths[i] - id.length() - 1) + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("8,last\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    @Test
    void longRecords_afterTheBufferGrew_eachMalformedExactlyWhenLonger() {
        // a first long record grows the reader's buffer to its largest; later ones may then lie in it whole, where the
        // fast path finds their end itself
        for (int pad : new int[] {20, 3_000, 40_000, 70_000}) {
            int[] lengths = {MAX + 200_000, pad, MAX + 8, 20, MAX + 1, pad, MAX, 20, MAX - 1, pad, MAX + 30_000, 20};
            byte[] file = records(lengths);
            List<String> general = general(file);
            List<String> validated = validated(file);
            assertThat(general).hasSize(lengths.length + 1);
            assertThat(validated).hasSize(lengths.length + 1);
            for (int i = 0; i < lengths.length; i++) {
                boolean tooLong = lengths[i] > MAX;
                String what = "record " + i + " of " + lengths[i] + " bytes (pad " + pad + ")";
                assertThat(general.get(i).startsWith("record longer than " + MAX + " bytes")).as(what + ": " + general.get(i))
                        .isEqualTo(tooLong);
                assertThat(validated.get(i)).as(what).isEqualTo(tooLong ? general.get(i) : "valid");
            }
        }
    }

    @Test
    void longRecord_wholeInTheBufferAfterAnother_malformedOnTheFastPathToo() {
        // the end of a long first record moves through the buffer's refills, so that for some lengths the refill that
        // reads its end also reads all of the next long record: the fast path then finds that record's end itself
        int whole = 0;
        for (int first = MAX + 2_000; first < MAX + 2_000 + 2 * 64 * 1024; first += 4_099) {
            byte[] file = records(first, 20, MAX + 8, 20);
            List<String> general = general(file);
            List<String> validated = validated(file);
            String what = "first record of " + first + " bytes";
            assertThat(general.get(2)).as(what).startsWith("record longer than " + MAX + " bytes");
            assertThat(validated.get(2)).as(what).isEqualTo(general.get(2));
            assertThat(validated.subList(3, 5)).as(what).containsExactly("valid", "valid");
            whole++;
        }
        assertThat(whole).isGreaterThan(30);
    }
}
