package io.sfnetl.etl.read.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** splitLine with one instance reused record after record, as ValidatedReader uses it, against splitter + tokenizer. */
class AsciiCsvFieldsStreamTest {

    private static String piece(SplittableRandom r, char d) {
        String[] parts = {"plain", "x", "", "12.5", "\"q" + d + "q\"", "\"\"", "\"long quoted value with " + d + " inside\"",
            "\"a\"\"b\"", "\"a\nb\"", "a\"b", "\r", "\\", "\u00e9", "\u0001", "\t", "abcdefghijklmnopq", "\"abcdefghijklmno\"",
            "\"" + "z".repeat(r.nextInt(20)) + "\"", "\"x\" ", " \"x\"", "\"x\"y", String.valueOf(d)};
        return parts[r.nextInt(parts.length)];
    }

    @Test
    void splitLine_reusedInstanceOverStream_sameAsSplitterAndTokenizer() {
        char[] delims = {',', ';', '|', ' ', '\'', '#'};
        SplittableRandom r = new SplittableRandom(42);
        int split = 0;
        for (int k = 0; k < 3000; k++) {
            char d = delims[k % delims.length];
            int count = 1 + r.nextInt(6);
            StringBuilder sb = new StringBuilder("#".repeat(r.nextInt(9)));
            int start = sb.length();
            int records = 1 + r.nextInt(8);
            for (int rec = 0; rec < records; rec++) {
                int f = count + (r.nextInt(6) == 0 ? r.nextInt(3) - 1 : 0);
                for (int i = 0; i < f; i++) {
                    if (i > 0) {
                        sb.append(d);
                    }
                    sb.append(r.nextInt(3) == 0 ? piece(r, d) : "v".repeat(r.nextInt(12)));
                }
                sb.append(r.nextInt(8) == 0 ? "\r\n" : r.nextInt(10) == 0 ? "\n\n" : "\n");
            }
            byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
            AsciiCsvFields fields = new AsciiCsvFields((byte) d, (byte) '"', -1, count);
            CsvTokenizer tokenizer = new CsvTokenizer(d, '"', -1);
            int pos = start;
            while (pos < b.length) {
                int lf = fields.splitLine(b, pos, b.length);
                // the record the splitter finds from pos
                RecordSplitter splitter = new RecordSplitter(new java.io.ByteArrayInputStream(b, pos, b.length - pos), 0,
                        true, (byte) d, (byte) '"', -1, 1 << 20);
                boolean has = splitter.next();
                if (lf >= 0) {
                    assertThat(has).isTrue();
                    String window = new String(b, pos, b.length - pos, StandardCharsets.ISO_8859_1);
                    int length = lf - pos - (b[lf - 1] == '\r' ? 1 : 0);
                    assertThat(splitter.length()).as("length [%s] d=%s", window, d).isEqualTo(length);
                    assertThat(splitter.nextOffset()).as("end [%s]", window).isEqualTo(lf - pos + 1);
                    String record = new String(b, pos, length, StandardCharsets.ISO_8859_1);
                    List<String> expected;
                    try {
                        expected = tokenizer.split(record, 0);
                    } catch (CsvTokenizer.MalformedCsv e) {
                        expected = null;
                    }
                    assertThat(expected).as("tokens of [%s] d=%s count %d", record, d, count).isNotNull().hasSize(count);
                    byte[] copy = java.util.Arrays.copyOfRange(b, pos, pos + length + 3);
                    fields.useSource(copy);
                    List<String> got = new ArrayList<>();
                    int[] bounds = new int[2];
                    for (int i = 0; i < count; i++) {
                        byte[] v = fields.value(i, bounds);
                        got.add(new String(v, bounds[0], bounds[1] - bounds[0], StandardCharsets.ISO_8859_1));
                        if (fields.jsonSafe(i) || fields.plainAndSafe()) {
                            assertThat(got.get(i).chars()).as("safe field %d of [%s]", i, record)
                                    .noneMatch(c -> c == '"' || c == '\\' || c < 0x20);
                        }
                    }
                    assertThat(got).as("fields of [%s] d=%s", record, d).isEqualTo(expected);
                    split++;
                    pos = lf + 1;
                } else {
                    if (!has) {
                        break;
                    }
                    pos += (int) splitter.nextOffset();
                }
            }
        }
        assertThat(split).isGreaterThan(2000);
    }
}
