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
                assertFields(fields, count, record, expected);
            }
        }
        return split;
    }

    /** The fields of the last split are the tokenizer's, and those said JSON-safe hold nothing JSON escapes. */
    private static void assertFields(AsciiCsvFields fields, int count, String record, List<String> expected) {
        List<String> got = values(fields, count);
        assertThat(got).as("fields of [%s]", record).isEqualTo(expected);
        for (int i = 0; i < count; i++) {
            if (fields.jsonSafe(i)) {
                assertThat(got.get(i).chars()).as("JSON-safe field %d of [%s]", i, record)
                        .noneMatch(c -> c == '"' || c == '\\' || c < 0x20);
            }
        }
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

    // ---------------------------------------------------------------- splitLine: the record's end and fields at once

    /**
     * Checks {@code splitLine} on {@code b[from, limit)} against {@link RecordSplitter} (with and without multiline)
     * and {@link CsvTokenizer}: where it returns a LF's index, that LF ends the splitters' first record and the fields
     * are the tokenizer's. @return true when it split a record
     */
    private static boolean assertSplitLineAgrees(char delimiter, char quote, int count, byte[] b, int from, int limit) {
        AsciiCsvFields fields = new AsciiCsvFields((byte) delimiter, (byte) quote, -1, count);
        int lf = fields.splitLine(b, from, limit);
        String window = new String(b, from, limit - from, StandardCharsets.ISO_8859_1);
        if (lf < 0) {
            assertThat(lf).as("decline of [%s]", window).isEqualTo(-1);
            return false;
        }
        assertThat(lf).as("LF of [%s]", window).isBetween(from + 1, limit - 1);
        assertThat(b[lf]).as("LF of [%s]", window).isEqualTo((byte) '\n');
        int length = lf - from - (b[lf - 1] == '\r' ? 1 : 0);
        for (boolean multiline : new boolean[] {false, true}) {
            RecordSplitter splitter = new RecordSplitter(new java.io.ByteArrayInputStream(b, from, limit - from), 0,
                    multiline, (byte) delimiter, (byte) quote, -1, 1 << 20);
            assertThat(splitter.next()).isTrue();
            assertThat(splitter.length()).as("record length of [%s], multiline %s", window, multiline)
                    .isEqualTo(length);
            assertThat(splitter.nextOffset()).as("end of [%s], multiline %s", window, multiline)
                    .isEqualTo(lf - from + 1);
        }
        String record = new String(b, from, length, StandardCharsets.ISO_8859_1);
        List<String> expected = tokens(new CsvTokenizer(delimiter, quote, -1), record);
        assertThat(expected).as("tokens of [%s]", record).isNotNull().hasSize(count);
        assertThat(record).as("a blank record is never split").isNotEmpty();
        byte[] copy = java.util.Arrays.copyOfRange(b, from, from + length + 3);
        fields.useSource(copy);
        assertFields(fields, count, record, expected);
        return true;
    }

    /** Random buffers of several records: the record from a random start, with random field counts. */
    @Test
    void splitLine_randomBuffers_sameRecordAndFieldsAsSplitterAndTokenizer() {
        SplittableRandom r = new SplittableRandom(4);
        String alphabet = ",,,,\"\"'\\\t\r\n\n  0123456789.-aAzZ\u0001";
        int split = 0;
        for (int k = 0; k < 6000; k++) {
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(70);
            for (int i = 0; i < n; i++) {
                if (k % 2 == 0) {   // well-formed fields and line ends
                    String[] parts = {",", ",", "\n", "\r\n", "\"q,\"\"q\"", "\"\"", "\"a\nb\"", "plain", "x", "12.5"};
                    sb.append(parts[r.nextInt(parts.length)]);
                } else if (r.nextInt(4) == 0) {
                    sb.append(r.nextBoolean() ? "\"x,\"\"y\"" : "abcdefghij".substring(r.nextInt(10)));
                } else {
                    sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
                }
            }
            byte[] b = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
            int from = b.length == 0 ? 0 : r.nextInt(Math.min(b.length, 9));
            int limit = from + r.nextInt(b.length - from + 1);
            for (int count = 1; count <= 5; count++) {
                split += assertSplitLineAgrees(',', '"', count, b, from, limit) ? 1 : 0;
            }
            assertSplitLineAgrees(';', '\'', 1 + r.nextInt(4), b, from, limit);
            assertSplitLineAgrees('\t', '"', 1 + r.nextInt(4), b, from, limit);
        }
        assertThat(split).as("records split (not all declined)").isGreaterThan(800);
    }

    /**
     * Plain records (no quote, no CR, ASCII, as many fields as expected) followed by a buffered LF are split at every
     * alignment; the same record without its LF in the buffer, or with another field count, is declined.
     */
    @Test
    void splitLine_plainRecordsAtEveryAlignment_splitExactlyThere() {
        SplittableRandom r = new SplittableRandom(5);
        for (int k = 0; k < 2000; k++) {
            int count = 1 + r.nextInt(6);
            StringBuilder sb = new StringBuilder();
            for (int f = 0; f < count; f++) {
                sb.append(f > 0 ? "," : "").append("v".repeat(r.nextInt(f == 0 ? 1 : 0, 12)));
            }
            String record = sb.toString();
            int from = r.nextInt(16);
            String next = r.nextBoolean() ? "next,\"rec\nord\"" : "";
            byte[] b = ("#".repeat(from) + record + "\n" + next).getBytes(StandardCharsets.US_ASCII);
            int lf = from + record.length();
            AsciiCsvFields fields = new AsciiCsvFields((byte) ',', (byte) '"', -1, count);
            assertThat(fields.splitLine(b, from, b.length)).as("[%s] from %d", record, from).isEqualTo(lf);
            assertSplitLineAgrees(',', '"', count, b, from, b.length);
            assertThat(fields.splitLine(b, from, lf)).as("[%s] without its LF", record).isEqualTo(-1);
            assertThat(new AsciiCsvFields((byte) ',', (byte) '"', -1, count + 1).splitLine(b, from, b.length))
                    .as("[%s] as %d fields", record, count + 1).isEqualTo(-1);
        }
    }

    /**
     * Records whose first words are plain (the quick pass's part) and then hold one odd thing at any alignment: a
     * quoted field (plain inside, which the quick pass reads itself, or not), a CR LF, a byte of 0x80 or above, a
     * backslash, a control byte, a field too many or too few. The quick pass hands over to the full one where it cannot
     * go on, which must answer as from the record's start.
     */
    @Test
    void splitLine_plainStartThenOddPart_sameAsSplitterAndTokenizer() {
        SplittableRandom r = new SplittableRandom(6);
        String[] odd = {"\"x,\"\"y\"", "\"\"", "\"a\nb\"", "\r", "\u00e9", "\\", "\u0001", "\t", ",", "\"", "a\"b",
            "\"x,y\"", "\"gift, please wrap it\"", "\"ab\"c", "\"ab\r\"", "\"a\\b\"", "\"a\u00e9b,\"", "\"x,y\"\"\""};
        int split = 0;
        for (int k = 0; k < 4000; k++) {
            int count = 2 + r.nextInt(6);
            StringBuilder sb = new StringBuilder();
            int oddField = r.nextInt(count);
            for (int f = 0; f < count; f++) {
                sb.append(f > 0 ? "," : "").append("abcdefghijklmnopqrstu", 0, r.nextInt(f == 0 ? 1 : 0, 20));
                if (f == oddField) {
                    String o = odd[r.nextInt(odd.length)];
                    if (o.length() > 1 && o.charAt(0) == '"') {
                        sb.append(',').append(o);   // a quoted value: a field of its own
                        count++;
                        f++;
                    } else {
                        sb.append(o);
                    }
                }
            }
            int from = r.nextInt(16);
            byte[] b = ("#".repeat(from) + sb + "\n" + (r.nextBoolean() ? "next,\"rec\nord\"\n" : ""))
                    .getBytes(StandardCharsets.UTF_8);
            for (int c = Math.max(1, count - 1); c <= count + 1; c++) {
                split += assertSplitLineAgrees(',', '"', c, b, from, b.length) ? 1 : 0;
            }
        }
        assertThat(split).as("records split (not all declined)").isGreaterThan(1000);
    }

    @Test
    void splitLine_oddRecords_minusOne() {
        AsciiCsvFields fields = new AsciiCsvFields((byte) ',', (byte) '"', -1, 2);
        for (String text : new String[] {"\n", "\r\n", "\"a\nb\",c\n", "a,b", "a,\u00e9\n", "\"a\"b,c\n",
            "a,b,c\n", "a\n", "a,\"b\n\"\n"}) {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            assertThat(fields.splitLine(b, 0, b.length)).as(text).isEqualTo(-1);
        }
        AsciiCsvFields escaped = new AsciiCsvFields((byte) ',', (byte) '"', '\\', 2);
        byte[] plain = "a,b\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(escaped.splitLine(plain, 0, plain.length)).as("with an escape character").isEqualTo(-1);
        assertThat(fields.splitLine(plain, 0, plain.length)).isEqualTo(3);
        byte[] crlf = "a,\"b\"\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(fields.splitLine(crlf, 0, crlf.length)).isEqualTo(6);
    }
}
