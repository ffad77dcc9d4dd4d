package io.sfnetl.etl.read.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link AsciiCsvFields} answers exactly as {@link CsvTokenizer} over the decoded record, or declines. */
class AsciiCsvFieldsTest {
    private static final String ALPHABET = ",,,;\"\"'\\\t\r\n  0123456789.-+aAzZ!";

    private static String randomRecord(SplittableRandom r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(24);
        for (int i = 0; i < n; i++) {
            sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /** The tokenizer's fields, or null when it finds the record malformed. */
    private static List<String> tokens(CsvTokenizer tokenizer, String record) {
        try {
            return tokenizer.split(record, 0);
        } catch (CsvTokenizer.MalformedCsv e) {
            return null;
        }
    }

    private static List<String> values(AsciiCsvFields fields, int count) {
        List<String> out = new ArrayList<>();
        int[] bounds = new int[2];
        for (int i = 0; i < count; i++) {
            byte[] b = fields.value(i, bounds);
            out.add(new String(b, bounds[0], bounds[1] - bounds[0], StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    /** Checks one record against the tokenizer for every field count from 1 to 6; @return true when it was split. */
    private static boolean assertAgrees(char delimiter, char quote, int escape, String record, int from) {
        CsvTokenizer tokenizer = new CsvTokenizer(delimiter, quote, escape);
        List<String> expected = tokens(tokenizer, record);
        byte[] padded = ("#".repeat(from) + record + "##").getBytes(StandardCharsets.ISO_8859_1);
        boolean escaped = escape >= 0 && escape != quote && record.indexOf(escape) >= 0;
        boolean split = false;
        for (int count = 1; count <= 6; count++) {
            AsciiCsvFields fields = new AsciiCsvFields((byte) delimiter, (byte) quote, escape, count);
            boolean ok = fields.split(padded, from, record.length());
            boolean sure = expected != null && expected.size() == count && !escaped;
            assertThat(ok).as("split of [%s] into %d fields (tokenizer: %s)", record, count, expected).isEqualTo(sure);
            if (ok) {
                split = true;
                List<String> got = values(fields, count);
                assertThat(got).as("fields of [%s]", record).isEqualTo(expected);
                for (int i = 0; i < count; i++) {
                    if (fields.jsonSafe(i)) {
                        assertThat(got.get(i).chars()).as("JSON-safe field %d of [%s]", i, record)
                                .noneMatch(c -> c == '"' || c == '\\' || c < 0x20);
                    }
                }
            }
        }
        return split;
    }

    @Test
    void split_randomAsciiRecords_sameFieldsAsTokenizer() {
        SplittableRandom r = new SplittableRandom(1);
        int split = 0;
        for (int k = 0; k < 4000; k++) {
            split += assertAgrees(',', '"', -1, randomRecord(r), k % 3) ? 1 : 0;
        }
        assertThat(split).as("records split (not all declined)").isGreaterThan(1000);
    }

    @Test
    void split_otherDialects_sameFieldsAsTokenizer() {
        SplittableRandom r = new SplittableRandom(2);
        for (int k = 0; k < 1500; k++) {
            String record = randomRecord(r);
            assertAgrees(';', '\'', -1, record, 0);
            assertAgrees('\t', '"', -1, record, 1);
            assertAgrees(',', '"', '\\', record, 0);
            assertAgrees(',', '"', '"', record, 0);
            assertAgrees(',', '\'', '!', record, 2);
        }
    }

    @Test
    void split_longRecords_sameFieldsAsTokenizer() {
        SplittableRandom r = new SplittableRandom(3);
        for (int k = 0; k < 300; k++) {
            StringBuilder sb = new StringBuilder();
            int fields = 1 + r.nextInt(6);
            for (int f = 0; f < fields; f++) {
                if (f > 0) {
                    sb.append(',');
                }
                String v = "x".repeat(r.nextInt(30)) + (r.nextBoolean() ? "\"\"" : "") + "y".repeat(r.nextInt(20));
                sb.append(r.nextBoolean() ? "\"" + v + "\"" : v.replace("\"", ""));
            }
            assertAgrees(',', '"', -1, sb.toString(), k % 9);
        }
    }

    @Test
    void split_handPickedRecords_sameFieldsAsTokenizer() {
        for (String record : new String[] {"", ",", "\"\"", "\"", "\"\"\"\"", "a\"b", "\"a\"b", "\"a\",", "\"a\"\"\",b",
            "\"a,b\",\"c\"", "a,\"\"", "a,\"", " \"a\"", "\"a\" ", "\"a\nb\",c", "a\rb,c", "\"\"\"a\"\"\""}) {
            assertAgrees(',', '"', -1, record, 0);
        }
    }

    @Test
    void split_nonAsciiBytes_false() {
        AsciiCsvFields fields = new AsciiCsvFields((byte) ',', (byte) '"', -1, 2);
        for (String record : new String[] {"caf\u00e9,x", "a,\u00ff", "\u0080,b", "abcdefgh,ijklmno\u00e9"}) {
            byte[] b = record.getBytes(StandardCharsets.ISO_8859_1);
            assertThat(fields.split(b, 0, b.length)).as(record).isFalse();
            byte[] u = record.getBytes(StandardCharsets.UTF_8);
            assertThat(fields.split(u, 0, u.length)).as(record).isFalse();
        }
        byte[] ascii = "abcdefgh,ijklmno".getBytes(StandardCharsets.US_ASCII);
        assertThat(fields.split(ascii, 0, ascii.length)).isTrue();
    }

    @Test
    void split_malformedRecords_false() {
        AsciiCsvFields fields = new AsciiCsvFields((byte) ',', (byte) '"', -1, 2);
        for (String record : new String[] {"\"a,b", "\"a\"b,c", "a,\"b\"c", "a,\"b", "\"a\" ,b"}) {
            byte[] b = record.getBytes(StandardCharsets.US_ASCII);
            assertThat(fields.split(b, 0, b.length)).as(record).isFalse();
        }
    }

    @Test
    void jsonSafe_doubleQuoteWithOtherQuoteChar_false() {
        AsciiCsvFields fields = new AsciiCsvFields((byte) ',', (byte) '\'', -1, 2);
        byte[] b = "a\"b,'c\"d'".getBytes(StandardCharsets.US_ASCII);

        assertThat(fields.split(b, 0, b.length)).isTrue();
        assertThat(fields.jsonSafe(0)).isFalse();
        assertThat(fields.jsonSafe(1)).isFalse();
        byte[] plain = "ab,'c,d'".getBytes(StandardCharsets.US_ASCII);
        assertThat(fields.split(plain, 0, plain.length)).isTrue();
        assertThat(fields.jsonSafe(0)).isTrue();
        assertThat(fields.jsonSafe(1)).isTrue();
    }
}
