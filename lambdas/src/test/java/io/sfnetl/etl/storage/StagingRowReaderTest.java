package io.sfnetl.etl.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.read.ReadRange;
import io.sfnetl.etl.row.Row;
import io.sfnetl.etl.row.RowLayout;
import io.sfnetl.etl.rules.RowValidator;
import io.sfnetl.etl.rules.ValidatedReader;
import io.sfnetl.etl.rules.ValidatedReaderTest;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.spec.Masking;
import io.sfnetl.etl.testing.TestSpecs;
import io.sfnetl.etl.transform.RowTransformer;
import io.sfnetl.etl.transform.Transformed;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Differential tests of {@link StagingLines.RowReader} (the Transform stage's fast path): on every line of every part,
 * what it reads (offset, line, the row's staging bytes, the row's tree, the transforms' outcome and output bytes, the
 * reject's masked tree) is what the general path gives: {@link StagingLines.Reader}, then
 * {@link RowTransformer#transform(ObjectNode)}, as the stage read parts before.
 */
class StagingRowReaderTest {

    // ---------------------------------------------------------------- harness

    /** What one path says of one line. */
    record Seen(long offset, long line, String rowText, String outcome) {}

    record Result(List<Seen> seen, String error, long lines, long fastLines) {}

    /** The general path: trees read by Jackson, transformed as copies. */
    static Result general(DatasetSpec spec, RowTransformer transformer, byte[] part) {
        List<Seen> seen = new ArrayList<>();
        try (StagingLines.Reader in = new StagingLines.Reader(new ByteArrayInputStream(part))) {
            for (StagingLines.Row r = in.next(); r != null; r = in.next()) {
                Row before = Row.of(transformer.layout(), r.row());
                seen.add(new Seen(r.offset(), r.line(), line(r.offset(), r.line(), before),
                        outcome(spec, transformer.transform(r.row()), r.offset(), r.line(), r.row())));
            }
        } catch (IOException | RuntimeException e) {
            return new Result(seen, e.getClass().getSimpleName() + errorText(e), seen.size(), 0);
        }
        return new Result(seen, null, seen.size(), 0);
    }

    /**
     * The fast path: rows of the reader transformed in place.
     *
     * @param treeFirst make each row's tree before transforming it (its raw values are then made)
     */
    static Result fast(DatasetSpec spec, RowTransformer transformer, InputStream part, boolean treeFirst) {
        List<Seen> seen = new ArrayList<>();
        StagingLines.RowReader in = new StagingLines.RowReader(part, transformer.layout());
        try (in) {
            while (in.next()) {
                Row row = in.row();
                String text = line(in.offset(), in.line(), row);
                if (treeFirst) {
                    assertThat(row.toNode().toString()).isEqualTo(Row.of(transformer.layout(), in.node()).toNode().toString());
                }
                // the tree only where the stage asks for it (a reject): a line the fast path took must not need one
                Transformed t = transformer.transform(row);
                seen.add(new Seen(in.offset(), in.line(), text,
                        outcome(spec, t, in.offset(), in.line(), t instanceof Transformed.Failed ? in.node() : null)));
            }
        } catch (IOException | RuntimeException e) {
            return new Result(seen, e.getClass().getSimpleName() + errorText(e), seen.size(), in.fastLines());
        }
        return new Result(seen, null, seen.size(), in.fastLines());
    }

    /** The message of a staging-line error (Jackson's parse errors name a location that differs by reader). */
    private static String errorText(Exception e) {
        return e instanceof IllegalArgumentException ? ": " + e.getMessage() : "";
    }

    private static String outcome(DatasetSpec spec, Transformed t, long offset, long line, ObjectNode read) {
        return switch (t) {
            case Transformed.Ok ok -> line(offset, line, ok.values());
            case Transformed.Failed f -> "FAILED " + f.reasons() + " " + Masking.mask(spec, read);
        };
    }

    static String line(long offset, long line, Row row) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StagingLines.Writer w = new StagingLines.Writer(out);
        w.row(offset, line, row);
        w.flush();
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** Asserts both paths agree on every line of {@code part}, read whole and a few bytes per read. */
    static Result assertSame(DatasetSpec spec, byte[] part) {
        RowTransformer transformer = RowTransformer.of(spec);
        Result general = general(spec, transformer, part);
        Result fast = null;
        for (boolean treeFirst : new boolean[] {false, true}) {
            for (boolean trickle : new boolean[] {false, true}) {
                InputStream in = new ByteArrayInputStream(part);
                fast = fast(spec, transformer, trickle ? new Trickle(in, 7) : in, treeFirst);
                assertThat(fast.seen()).as("treeFirst %s, trickle %s", treeFirst, trickle).isEqualTo(general.seen());
                assertThat(fast.error()).as("treeFirst %s, trickle %s", treeFirst, trickle).isEqualTo(general.error());
            }
        }
        return fast;
    }

    /** Hands out at most {@code max} bytes per read (varying), as a network stream may. */
    static final class Trickle extends FilterInputStream {
        private final int max;
        private int next;

        Trickle(InputStream in, int max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            next = next % max + 1;
            return super.read(b, off, Math.min(len, next));
        }
    }

    /** The staging part Validate writes for a CSV file (its fast path's rows, and the general path's). */
    static byte[] validated(DatasetSpec spec, byte[] csv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StagingLines.Writer w = new StagingLines.Writer(out);
        try (ValidatedReader r = ValidatedReader.open(RowValidator.of(spec), spec, new ByteArrayInputStream(csv),
                ReadRange.whole())) {
            while (r.next()) {
                if (r.valid() != null) {
                    w.row(r.offset(), r.line(), r.valid());
                }
            }
        }
        w.flush();
        return out.toByteArray();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- parts Validate writes

    @Test
    void ordersPart_everyLineTakesTheFastPath_andMatchesTheGeneralPath() {
        DatasetSpec spec = ValidatedReaderTest.orders();
        byte[] part = validated(spec, ValidatedReaderTest.generatedOrders(11, 3_000, true));

        Result r = assertSame(spec, part);

        assertThat(r.lines()).isGreaterThan(2_000);
        // a third of the generator's notes hold a quote, a tab, a backslash or an accent, and a tenth a line break:
        // escaped or not ASCII, their strings are decoded, still without a tree
        assertThat(r.fastLines()).isEqualTo(r.lines());
    }

    @Test
    void plainOrdersPart_allLinesFast() {
        DatasetSpec spec = ValidatedReaderTest.orders();
        StringBuilder csv = new StringBuilder("order_id,customer_id,email,order_date,amount,currency,quantity,status,notes\n");
        for (int i = 1; i <= 500; i++) {
            csv.append(String.format("ORD-%06d,C%d,User%d@Example.com,2026-0%d-1%d,%d.%02d,eur,%d,PAID,%s%n", i, i,
                    i, 1 + i % 9, i % 10, i * 7, i % 100, 1 + i % 40, i % 3 == 0 ? "" : " note " + i));
        }
        byte[] part = validated(spec, utf8(csv.toString()));

        Result r = assertSame(spec, part);

        assertThat(r.lines()).isEqualTo(500);
        assertThat(r.fastLines()).isEqualTo(500);
    }

    // ---------------------------------------------------------------- hand-made and random lines

    /** A spec with every transform kind, keys from several fields and number values in the key. */
    static DatasetSpec allTransforms() {
        return TestSpecs.parse("""
                {"dataset":"t","format":{"type":"csv","header":true},
                 "fields":[{"name":"id","type":"integer"},{"name":"name","type":"string"},
                   {"name":"email","type":"string","sensitive":true},{"name":"note","type":"string"},
                   {"name":"amount","type":"decimal"},{"name":"flag","type":"boolean"}],
                 "transforms":[
                   {"op":"trim","fields":["name","note"]},
                   {"op":"case","fields":["note"],"to":"upper"},
                   {"op":"case","fields":["email"],"to":"lower"},
                   {"op":"default","field":"note","value":"n/a"},
                   {"op":"derive","field":"total","expression":"amount * id","type":"decimal","scale":2},
                   {"op":"derive","field":"label","expression":"name & '/' & $string(id)"},
                   {"op":"rename","field":"name","to":"full_name"},
                   {"op":"cast","field":"id","to":"string"},
                   {"op":"drop","fields":["flag"]}],
                 "target":{"table":"things","partitionKey":{"name":"pk","template":"P#{id}#{amount}"},
                           "sortKey":{"name":"sk","template":"{note}"}}}
                """);
    }

    private static final String[] NAMES = {"id", "name", "email", "note", "amount", "flag"};
    private static final String[] STRINGS = {"\"\"", "\"Ann\"", "\" Ann Lee \"", "\"ann@EXAMPLE.com\"", "\"a,b\"",
        "\"caf\u00e9\"", "\"tab\\there\"", "\"q\\\"uote\"", "\"back\\\\slash\"", "\"\\u0001\"", "\"del\u007f\"",
        "\"\\u00e9t\u00e9\"", "\"  \"", "\"12\"", "\"x" + "y".repeat(200) + "\""};
    private static final String[] NUMBERS = {"0", "7", "-12", "1.50", "0.05", "-0.5", "2.50", "0.0", "0.00",
        "0.000001", "0.0000001", "123456789012345678", "1234567890123456789", "-9223372036854775808",
        "12345678901234567.8", "1234567890123456.78", "123456789012345678.9", "99999999999999999", "1e5", "1E-3", "2.5e1", "-0", "-0.0",
        "1000000", "0.1234567"};
    private static final String[] OTHERS = {"true", "false", "null", "{\"a\":1}", "[1,\"x\"]", "[]", "{}"};

    private static String randomValue(SplittableRandom r) {
        int k = r.nextInt(10);
        return k < 4 ? STRINGS[r.nextInt(STRINGS.length)] : k < 8 ? NUMBERS[r.nextInt(NUMBERS.length)]
                : OTHERS[r.nextInt(OTHERS.length)];
    }

    /** A line in the writer's form, now and then with names out of order, missing, unknown or twice. */
    private static String randomLine(SplittableRandom r, int i) {
        List<String> names = new ArrayList<>(List.of(NAMES));
        if (r.nextInt(8) == 0) {
            java.util.Collections.shuffle(names, new java.util.Random(r.nextLong()));
        }
        if (r.nextInt(6) == 0) {
            names.remove(r.nextInt(names.size()));
        }
        if (r.nextInt(20) == 0) {
            names.add(r.nextBoolean() ? "unknown" : "total");
        }
        if (r.nextInt(25) == 0) {
            names.add(names.get(0));
        }
        StringBuilder row = new StringBuilder();
        for (String n : names) {
            String v = switch (n) {
                case "id" -> r.nextInt(3) == 0 ? randomValue(r) : String.valueOf(r.nextInt(1000) - 5);
                case "amount" -> r.nextInt(3) == 0 ? randomValue(r) : NUMBERS[r.nextInt(NUMBERS.length)];
                case "flag" -> r.nextBoolean() ? "true" : randomValue(r);
                default -> r.nextInt(3) == 0 ? randomValue(r) : STRINGS[r.nextInt(STRINGS.length)];
            };
            row.append(row.isEmpty() ? "" : ",").append('"').append(n).append("\":").append(v);
        }
        long offset = 100L * i;
        long line = r.nextInt(30) == 0 ? -1 : i + 2;
        return switch (r.nextInt(40)) {
            case 0 -> "{\"l\":" + line + ",\"o\":" + offset + ",\"r\":{" + row + "}}";
            case 1 -> "{\"o\":" + offset + ",\"l\":" + line + ",\"x\":true,\"r\":{" + row + "}}";
            case 2 -> "{ \"o\": " + offset + ", \"l\": " + line + ", \"r\": {" + row + "} }";
            case 3 -> "{\"o\":" + offset + ",\"l\":" + line + ",\"r\":{" + row + "}}\r";
            case 4 -> "{\"o\":" + offset + ",\"l\":" + line + ",\"r\":{}}";
            default -> "{\"o\":" + offset + ",\"l\":" + line + ",\"r\":{" + row + "}}";
        };
    }

    @Test
    void randomLines_matchTheGeneralPath_andTakeBothPaths() {
        DatasetSpec spec = allTransforms();
        long fastTotal = 0;
        long total = 0;
        for (long seed = 1; seed <= 40; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            StringBuilder part = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                part.append(randomLine(r, i)).append(r.nextInt(50) == 0 ? "\n\n" : "\n");
            }
            Result res = assertSame(spec, utf8(part.toString()));
            assertThat(res.error()).as("seed %d", seed).isNull();
            fastTotal += res.fastLines();
            total += res.lines();
        }
        assertThat(total).isEqualTo(8_000);
        assertThat(fastTotal).isBetween(total / 20, total * 19 / 20);
    }

    @Test
    void numbers_rawExactlyWhenTheirTextIsHowTheyPrint() {
        DatasetSpec spec = allTransforms();
        StringBuilder part = new StringBuilder();
        int i = 0;
        for (String n : NUMBERS) {
            part.append("{\"o\":").append(i).append(",\"l\":").append(i++).append(",\"r\":{\"id\":3,\"amount\":")
                    .append(n).append("}}\n");
        }
        Result r = assertSame(spec, utf8(part.toString()));

        // fast: 0 7 -12 1.50 0.05 -0.5 2.50 0.0 0.00 0.000001 123456789012345678 12345678901234567.8
        // 1234567890123456.78 99999999999999999 1000000 0.1234567; general: 0.0000001 (prints 1E-7), 19 digits,
        // Long.MIN_VALUE, 19 digits with a point, exponents (three), -0 and -0.0 (print 0 and 0.0)
        assertThat(r.lines()).isEqualTo(NUMBERS.length);
        assertThat(r.fastLines()).isEqualTo(16);
    }

    @Test
    void strings_decodedAsJacksonDecodesThem_orLeftToIt() {
        DatasetSpec spec = allTransforms();
        // well-formed: escapes of every kind, a surrogate pair and a lone surrogate as escapes, 2-, 3- and 4-byte UTF-8
        String[] good = {"\\\"\\\\\\/\\b\\f\\n\\r\\t", "\\u00e9\\u00C9\\u20ac", "\\uD83D\\uDE00", "\\uDE00x",
            "\u00e9t\u00e9 \u20ac \uD83D\uDE00", " Stra\u00dfe ", "a\\u0000b", "\u007f"};
        // not sure: an unknown escape, bad hex, a raw control char, overlong, an encoded surrogate, a stray
        // continuation byte, 0xFF, a truncated sequence, above U+10FFFF
        byte[][] bad = {utf8("\\x41"), utf8("\\u12G4"), {0x01}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0,
            (byte) 0x80}, {(byte) 0x80}, {(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80,
            (byte) 0x80}};
        ByteArrayOutputStream part = new ByteArrayOutputStream();
        int i = 0;
        for (String g : good) {
            part.writeBytes(utf8("{\"o\":" + i + ",\"l\":" + i++ + ",\"r\":{\"id\":1,\"amount\":2,\"name\":\"" + g
                    + "\",\"note\":\"" + g + "\"}}\n"));
        }
        for (byte[] b : bad) {
            part.writeBytes(utf8("{\"o\":" + i + ",\"l\":" + i++ + ",\"r\":{\"id\":1,\"amount\":2,\"note\":\"a"));
            part.writeBytes(b);
            part.writeBytes(utf8("\"}}\n"));
            // each alone: the general reader stops at the first bad line
            Result r = assertSame(spec, java.util.Arrays.copyOfRange(part.toByteArray(), lastLineStart(part.toByteArray()),
                    part.size()));
            assertThat(r.fastLines()).as(new String(b, StandardCharsets.ISO_8859_1)).isZero();
        }
        byte[] goodPart = java.util.Arrays.copyOf(part.toByteArray(), indexOfLine(part.toByteArray(), good.length));

        Result r = assertSame(spec, goodPart);

        assertThat(r.lines()).isEqualTo(good.length);
        assertThat(r.fastLines()).isEqualTo(good.length);
        String decoded = new String(r.seen().get(4).outcome().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        // trimmed and upper-cased; the writer escapes surrogates as Jackson does
        assertThat(decoded).contains("\"note\":\"\u00c9T\u00c9 \u20ac \\uD83D\\uDE00\"");
    }

    private static int lastLineStart(byte[] b) {
        int i = b.length - 2;
        while (i >= 0 && b[i] != '\n') {
            i--;
        }
        return i + 1;
    }

    private static int indexOfLine(byte[] b, int line) {
        int seen = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n' && ++seen == line) {
                return i + 1;
            }
        }
        return b.length;
    }

    @Test
    void wholeLinesAndBlankLines_asTheGeneralReaderCountsThem() {
        DatasetSpec spec = allTransforms();
        String a = "{\"o\":1,\"l\":2,\"r\":{\"id\":1,\"name\":\" Ann \"}}";
        String b = "{\"o\":5,\"l\":3,\"r\":{\"id\":2,\"note\":\"x\"}}";

        Result r = assertSame(spec, utf8("\n" + a + "\n  \n\t\r\n" + b));   // no final line break

        assertThat(r.lines()).isEqualTo(2);
        assertThat(r.fastLines()).isEqualTo(2);
        assertThat(r.seen().get(1).offset()).isEqualTo(5);
    }

    @Test
    void longLines_growTheBuffer() {
        DatasetSpec spec = allTransforms();
        String note = "n".repeat(300_000);
        String part = "{\"o\":0,\"l\":1,\"r\":{\"id\":1,\"amount\":2.5,\"note\":\"" + note + "\"}}\n"
                + "{\"o\":9,\"l\":2,\"r\":{\"id\":2,\"amount\":3,\"note\":\" " + note + "\\n\"}}\n";

        Result r = assertSame(spec, utf8(part));

        assertThat(r.lines()).isEqualTo(2);
        assertThat(r.fastLines()).isEqualTo(2);
        assertThat(r.seen().get(0).outcome().contains("\"note\":\"" + "N".repeat(300_000) + "\"")).isTrue();
    }

    @Test
    void badLines_failAsTheGeneralReaderFails() {
        DatasetSpec spec = allTransforms();
        String good = "{\"o\":1,\"l\":2,\"r\":{\"id\":1}}\n";
        for (String bad : new String[] {"[1,2]", "{\"o\":1,\"l\":2}", "{\"o\":1,\"l\":2,\"r\":[1]}",
            "{\"o\":1,\"l\":2,\"r\":{\"id\":01}}", "{\"o\":1,\"l\":2,\"r\":{\"id\":1}", "{\"o\":1,\"l\":2,\"r\":{\"id\":}}",
            "not json", "{\"o\":1,\"l\":2,\"r\":{\"id\":1}} {\"o\":1}", "{\"o\":1,\"l\":2,\"r\":{\"id\":-}}"}) {
            byte[] part = utf8(good + bad + "\n" + good);
            RowTransformer transformer = RowTransformer.of(spec);
            Result general = general(spec, transformer, part);
            Result fast = fast(spec, transformer, new ByteArrayInputStream(part), false);

            assertThat(fast.seen()).as(bad).isEqualTo(general.seen().subList(0, fast.seen().size()));
            assertThat(fast.seen()).as(bad).hasSize(1);
            assertThat(fast.error()).as(bad).isNotNull();
            if (bad.contains("} {")) {   // two values on a line: a staging line is one (the general reader saw two lines)
                assertThat(fast.error()).isEqualTo("IllegalArgumentException: line 1 holds more than one JSON value");
            } else if (general.error().startsWith("IllegalArgumentException")) {
                assertThat(fast.error()).as(bad).isEqualTo(general.error());
            } else {
                // not JSON: Jackson's error on the line alone, or on the part (which may read on into the next line)
                assertThat(fast.error()).as(bad).startsWith("Json");
                assertThat(general.error()).as(bad).startsWith("Json");
            }
        }
    }

    @Test
    void skip_continuesAtTheSameLineAsReadingThrough() throws IOException {
        DatasetSpec spec = ValidatedReaderTest.orders();
        byte[] part = validated(spec, ValidatedReaderTest.generatedOrders(5, 300, true));
        RowLayout layout = RowTransformer.of(spec).layout();
        List<String> all = new ArrayList<>();
        try (StagingLines.RowReader in = new StagingLines.RowReader(new ByteArrayInputStream(part), layout)) {
            while (in.next()) {
                all.add(line(in.offset(), in.line(), in.row()));
            }
        }
        for (int k : new int[] {0, 1, 17, all.size() - 1, all.size(), all.size() + 5}) {
            try (StagingLines.RowReader in = new StagingLines.RowReader(new Trickle(new ByteArrayInputStream(part), 5),
                    layout)) {
                in.skip(k);
                assertThat(in.index()).isEqualTo(Math.min(k, all.size()));
                List<String> rest = new ArrayList<>();
                while (in.next()) {
                    rest.add(line(in.offset(), in.line(), in.row()));
                }
                assertThat(rest).as("after skipping %d", k).isEqualTo(all.subList(Math.min(k, all.size()), all.size()));
            }
        }
    }

    @Test
    void node_isTheLineAsRead_afterTheRowWasTransformed() throws IOException {
        DatasetSpec spec = allTransforms();
        String text = "{\"o\":1,\"l\":2,\"r\":{\"id\":4,\"name\":\" Ann \",\"email\":\"A@B.CO\",\"note\":\" hi \"}}\n";
        try (StagingLines.RowReader in = new StagingLines.RowReader(new ByteArrayInputStream(utf8(text)),
                RowTransformer.of(spec).layout())) {
            assertThat(in.next()).isTrue();
            assertThat(in.fastLines()).isEqualTo(1);
            RowTransformer.of(spec).transform(in.row());

            assertThat(in.row().get("note")).isEqualTo("HI");
            assertThat(in.node().toString()).isEqualTo(
                    "{\"id\":4,\"name\":\" Ann \",\"email\":\"A@B.CO\",\"note\":\" hi \"}");
        }
    }

    @Test
    void aLineLongerThanTheLimit_isRefusedWithItsIndex() {
        byte[] huge = new byte[StagingLines.RowReader.MAX_LINE + 10];
        java.util.Arrays.fill(huge, (byte) ' ');
        StagingLines.RowReader in = new StagingLines.RowReader(new ByteArrayInputStream(huge),
                RowTransformer.of(allTransforms()).layout());

        assertThatThrownBy(in::next).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 0 is longer than " + StagingLines.RowReader.MAX_LINE + " bytes");
    }
}
