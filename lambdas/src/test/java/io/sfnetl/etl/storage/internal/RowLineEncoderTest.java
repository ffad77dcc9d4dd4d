package io.sfnetl.etl.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfnetl.etl.row.Row;
import io.sfnetl.etl.row.RowLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RowLineEncoderTest {

    /** The bytes of one line of {@code row} from a fresh encoder (its buffer far larger than the line). */
    private static byte[] alone(long offset, long line, Row row) throws IOException {
        RowLineEncoder e = new RowLineEncoder();
        e.line(offset, line, row);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        e.drainTo(out);
        return out.toByteArray();
    }

    /**
     * Lines written without draining, so that the buffer fills up and grows within a line at every kind of value
     * (raw text with its closing quote, raw numbers, values that are no raw bytes): the bytes are those of each line
     * written alone.
     */
    @Test
    void line_bufferGrowingWithinLines_sameBytesAsEachLineAlone() throws IOException {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            names.add("f" + "n".repeat(i * 3));
        }
        RowLayout layout = RowLayout.of(names);
        SplittableRandom r = new SplittableRandom(11);
        for (int encoders = 0; encoders < 80; encoders++) {   // each grows its buffer once, at a random place
            RowLineEncoder encoder = new RowLineEncoder();
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            for (int k = 0; encoder.pending() < (1 << 16) + 8192; k++) {
                Row row = row(layout, r, k);
                encoder.line(k, k + 1, row);
                expected.writeBytes(alone(k, k + 1, row));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            encoder.drainTo(out);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString(StandardCharsets.UTF_8));
        }
    }

    /** A row of raw text, raw integers and other values, of 1 to 40 bytes each (1 to 300 in every seventh row). */
    private static Row row(RowLayout layout, SplittableRandom r, int k) {
        Row row = new Row(layout);
        byte[] raw = row.rawBuffer(12 * 300);
        int at = 0;
        for (int slot = 0; slot < layout.size(); slot++) {
            int kind = r.nextInt(4);
            int n = 1 + r.nextInt(k % 7 == 0 ? 300 : 40);
            if (kind == 0) {
                row.set(slot, r.nextBoolean() ? (Object) ("v\"" + n) : (Object) (long) n);
            } else if (kind == 1) {
                for (int j = 0; j < n; j++) {
                    raw[at + j] = (byte) ('a' + (j + k) % 26);
                }
                row.setRaw(slot, Row.RAW_TEXT, at, at + n);
                at += n;
            } else {
                n = Math.min(n, 18);
                for (int j = 0; j < n; j++) {
                    raw[at + j] = (byte) ('1' + (j + k) % 9);
                }
                row.setRaw(slot, kind == 2 ? Row.RAW_INTEGER : Row.RAW_TEXT, at, at + n);
                at += n;
            }
        }
        return row;
    }
}
