package io.sfnetl.etl.rules.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfnetl.etl.row.Row;
import io.sfnetl.etl.row.RowLayout;
import io.sfnetl.etl.spec.FieldSpec;
import io.sfnetl.etl.spec.FieldType;
import io.sfnetl.etl.storage.StagingLines;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link FieldCheck#acceptAscii} (the fast path on a value's bytes) against {@link FieldCheck#checkValue} (the general
 * path on its text): it accepts only values the general path accepts, with the same value and the same staging bytes.
 */
class FieldCheckAsciiTest {
    private static final RowLayout LAYOUT = RowLayout.of(List.of("v"));

    private static FieldSpec field(FieldType type, boolean required, String pattern, String min, String max,
            Integer minLength, Integer maxLength, Set<String> enumValues, boolean ignoreCase, List<String> formats) {
        return new FieldSpec("v", "v", type, formats, null, required, pattern, min, max, minLength, maxLength,
                enumValues, ignoreCase, false);
    }

    private static List<FieldSpec> fields() {
        List<FieldSpec> f = new ArrayList<>();
        for (boolean required : new boolean[] {false, true}) {
            f.add(field(FieldType.INTEGER, required, null, null, null, null, null, Set.of(), false, List.of()));
            f.add(field(FieldType.INTEGER, required, null, "-5", "5", null, null, Set.of(), false, List.of()));
            f.add(field(FieldType.INTEGER, required, null, "0.5", "1000.0", null, null, Set.of(), false, List.of()));
            f.add(field(FieldType.DECIMAL, required, null, null, null, null, null, Set.of(), false, List.of()));
            f.add(field(FieldType.DECIMAL, required, null, "0", "0", null, null, Set.of(), false, List.of()));
            f.add(field(FieldType.DECIMAL, required, null, "-1.5", "99.99", null, null, Set.of(), false, List.of()));
            f.add(field(FieldType.DATE, required, null, null, null, null, null, Set.of(), false, List.of()));
            f.add(field(FieldType.DATE, required, null, null, null, null, null, Set.of(), false, List.of("dd-MM-yyyy")));
            f.add(field(FieldType.STRING, required, null, null, null, 2, 4, Set.of(), false, List.of()));
            f.add(field(FieldType.STRING, required, "^[0-9]+-[a-z]{2}$", null, null, null, null, Set.of(), false,
                    List.of()));
            f.add(field(FieldType.STRING, required, "[a-c]{2,}", null, null, null, 6, Set.of(), false, List.of()));
            f.add(field(FieldType.STRING, required, null, null, null, null, null, Set.of("ab", "AB", "x1", "9"),
                    false, List.of()));
            f.add(field(FieldType.STRING, required, null, null, null, null, null, Set.of("ab", "Cd", "\u212A", "x1"),
                    true, List.of()));
            // one-word and two-word values, of several lengths
            f.add(field(FieldType.STRING, required, null, null, null, null, null,
                    Set.of("DELIVERED", "CANCELLED", "12345678", "ABCDEFGHIJKLMNOQ", "ABCDEFGHIJKLMNOPQ"), false,
                    List.of()));
            // values that share a slot under the first salt tried (PAID and GBP, B and H): the index takes another
            f.add(field(FieldType.STRING, required, null, null, null, null, null, Set.of("PAID", "GBP", "B", "H"), false,
                    List.of()));
            // more values than the index has slots: some share one, whatever the salt
            f.add(field(FieldType.STRING, required, null, null, null, null, null,
                    java.util.stream.IntStream.range(0, 100).mapToObj(i -> "v" + i).collect(java.util.stream.Collectors.toSet()),
                    false, List.of()));
            f.add(field(FieldType.BOOLEAN, required, null, null, null, null, null, Set.of(), false, List.of()));
        }
        return f;
    }

    private static final String CHARS = "0123456789012345678900000.-+ \t abcdABCDxXkK\"\\\u001F,E";

    private static String value(SplittableRandom r) {
        StringBuilder sb = new StringBuilder();
        switch (r.nextInt(5)) {
            case 0 -> {
                int n = r.nextInt(8);
                for (int i = 0; i < n; i++) {
                    sb.append(CHARS.charAt(r.nextInt(CHARS.length())));
                }
            }
            case 1 -> {
                sb.append(r.nextInt(4) == 0 ? "-" : r.nextInt(6) == 0 ? "+" : "");
                int digits = 1 + r.nextInt(r.nextInt(6) == 0 ? 21 : 5);
                for (int i = 0; i < digits; i++) {
                    sb.append((char) ('0' + r.nextInt(10)));
                }
                if (r.nextBoolean()) {
                    sb.insert(Math.max(0, sb.length() - r.nextInt(10)), '.');
                }
            }
            case 4 -> sb.append(r.nextInt(3) == 0 ? "-" : "").append("0.").append("0".repeat(r.nextInt(9)))
                    .append(1 + r.nextInt(9)).append(r.nextBoolean() ? "0" : "");
            case 2 -> sb.append(String.format("%04d-%02d-%02d", r.nextInt(2100), r.nextInt(14), r.nextInt(33)));
            default -> {
                String[] words = {"ab", "AB", "aB", "x1", "X1", "cd", "CD", "k", "K", "9", "12-ab", "1-abc", "abc",
                    "true", "No", "y", "DELIVERED", "DELIVERES", "XELIVERED", "DELIVEXED", "DXLIVERED", "CANXELLED", "CANCELLED", "CANCELLEd", "12345678",
                    "12345679", "ABCDEFGHIJKLMNOP", "ABCDEFGHIJKLMNOQ", "BBCDEFGHIJKLMNOQ", "ABCDEFGHIJKXMNOQ", "ABCDEXGHIJKLMNOQ",
                    "ABCDEFGHIJXLMNOPQ", "ABCDEFGHIJKLMNOPQ",
                    "ABCDEFGHIJKLMNOPR", "v0", "v7", "v42", "v99", "v100", "v4x", "V42",
                    "PAID", "GBP", "B", "H", "PAIX", "GBQ", "C"};
                sb.append(words[r.nextInt(words.length)]);
            }
        }
        return sb.toString();
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final StagingLines.Writer writer = new StagingLines.Writer(out);

    private String line(Row row) {
        writer.row(0, 1, row);
        writer.flush();
        String s = out.toString(StandardCharsets.ISO_8859_1);
        out.reset();
        return s;
    }

    private static boolean jsonSafe(String v) {
        return v.chars().noneMatch(c -> c == '"' || c == '\\' || c < 0x20);
    }

    @Test
    void acceptAscii_randomValues_acceptsOnlyWhatCheckValueAcceptsAlike() {
        SplittableRandom r = new SplittableRandom(5);
        int accepted = 0;
        int raw = 0;
        for (FieldSpec spec : fields()) {
            FieldCheck check = new FieldCheck(spec);
            for (int k = 0; k < 1500; k++) {
                String v = value(r);
                Row general = new Row(LAYOUT);
                List<String> reasons = new ArrayList<>();
                check.checkValue(v, general, 0, reasons);
                for (int mode : new int[] {FieldCheck.NO_RAW, FieldCheck.RAW_NUMBERS, FieldCheck.RAW_ALL}) {
                    if (mode == FieldCheck.RAW_ALL && !jsonSafe(v)) {
                        continue;   // the caller never gives RAW_ALL for such bytes
                    }
                    Row fast = new Row(LAYOUT);
                    byte[] b = ("#" + v).getBytes(StandardCharsets.ISO_8859_1);
                    System.arraycopy(b, 0, fast.rawBuffer(b.length), 0, b.length);
                    List<String> scratch = new ArrayList<>();
                    boolean ok = check.acceptAscii(fast.rawBytes(), 1, b.length, mode, fast, 0, scratch);
                    assertThat(scratch).isEmpty();
                    String what = spec.type() + " " + spec + " on '" + v + "' raw mode " + mode;
                    if (!reasons.isEmpty()) {
                        assertThat(ok).as("accepted an invalid value: %s %s", what, reasons).isFalse();
                        continue;
                    }
                    if (ok) {
                        accepted++;
                        raw += fast.rawKind(0) != 0 ? 1 : 0;
                        assertThat(line(fast)).as(what).isEqualTo(line(general));
                        assertThat(fast.toNode()).as(what).isEqualTo(general.toNode());
                        assertThat(line(fast)).as(what + " after making the value").isEqualTo(line(general));
                    }
                }
            }
        }
        assertThat(accepted).isGreaterThan(5_000);
        assertThat(raw).isGreaterThan(1_500);
    }

    private static final List<String> PATTERNS = List.of("^ORD-[0-9]{6}$", "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", "[0-9]",
            "^[A-Z]{2}$", "ab\\.c", "^\\d{3}-\\d{2,}$", "\\w+@", "^[-a-c_.]+$", "^.{2}x$", "\\S+\\s\\W", "a+b+",
            "^x[0-9]+y{2}", "[ab]{3,}c$", ".+", "^.$", "^\\S{64}$", "b$", "^a\\$");
    private static final String ALPHABET = "aAbcxyz019-_.@ $\t\n\r\u000BORD6]\\\u0000\u007F";

    @Test
    void findAscii_randomAsciiTexts_sameAnswerAsTheRegex() {
        SplittableRandom r = new SplittableRandom(9);
        int decided = 0;
        for (String regex : PATTERNS) {
            SimplePattern simple = SimplePattern.compile(regex);
            assertThat(simple).as(regex).isNotNull();
            Pattern pattern = Pattern.compile(regex);
            for (int k = 0; k < 5000; k++) {
                StringBuilder sb = new StringBuilder(k % 3 == 0 ? "ORD-" + r.nextInt(10_000_000) : "");
                int n = r.nextInt(12);
                for (int j = 0; j < n; j++) {
                    sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
                }
                String t = sb.toString();
                byte[] b = ("~~" + t).getBytes(StandardCharsets.US_ASCII);
                int found = simple.findAscii(b, 2, b.length, false);
                if (found != SimplePattern.UNDECIDED) {
                    decided++;
                    assertThat(found == 1).as("'%s' on '%s'", regex, t).isEqualTo(pattern.matcher(t).find());
                }
                if (t.chars().allMatch(c -> c >= 0x20)) {   // what a clean record's caller promises
                    assertThat(simple.findAscii(b, 2, b.length, true)).as("'%s' on '%s' without control chars",
                            regex, t).isEqualTo(found);
                }
            }
        }
        assertThat(decided).isGreaterThan(40_000);
    }

    /**
     * Every value of an exact enum is found by the fast path itself (not left to the general path, which would be
     * right but slow), with values that share a slot under the first salt tried and more values than slots.
     */
    @Test
    void acceptAscii_exactEnumValues_eachFoundByTheIndexOthersRefused() {
        List<Set<String>> sets = List.of(Set.of("PAID", "GBP", "B", "H"), Set.of("NEW", "PAID", "CANCELLED"),
                java.util.stream.IntStream.range(0, 100).mapToObj(i -> "v" + i).collect(java.util.stream.Collectors.toSet()));
        for (Set<String> values : sets) {
            FieldCheck check = new FieldCheck(field(FieldType.STRING, true, null, null, null, null, null, values, false,
                    List.of()));
            for (String v : values) {
                for (String x : List.of(v, v + "X", "X" + v, v.substring(1), v.toLowerCase(java.util.Locale.ROOT))) {
                    Row row = new Row(LAYOUT);
                    byte[] b = ("#" + x).getBytes(StandardCharsets.ISO_8859_1);
                    System.arraycopy(b, 0, row.rawBuffer(b.length), 0, b.length);
                    boolean ok = check.acceptAscii(row.rawBytes(), 1, b.length, FieldCheck.RAW_ALL, row, 0,
                            new ArrayList<>());
                    assertThat(ok).as("'%s' of %s", x, values).isEqualTo(values.contains(x));
                }
            }
        }
    }
}
