package io.sfnetl.etl.storage;

import static io.sfnetl.etl.storage.StagingRowReaderTest.allTransforms;
import static io.sfnetl.etl.storage.StagingRowReaderTest.assertSame;
import static io.sfnetl.etl.storage.StagingRowReaderTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.sfnetl.etl.row.Row;
import io.sfnetl.etl.row.RowLayout;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.testing.TestSpecs;
import io.sfnetl.etl.transform.RowTransformer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Edges of {@link StagingLines.RowReader} against the general path ({@link StagingLines.Reader}, then
 * {@link RowTransformer#transform(com.fasterxml.jackson.databind.node.ObjectNode)}), with the harness of
 * {@link StagingRowReaderTest}: the part's encoding as the stream reader detects it, Jackson's limits, field names
 * that need escapes, numbers through every transform, strings at the word scan's boundaries, stale bytes after a
 * shorter line, skipping.
 */
class StagingRowReaderEdgeTest {
    private static final String A = "{\"o\":1,\"l\":2,\"r\":{\"id\":1,\"name\":\" Ann \",\"amount\":2.50}}";
    private static final String B = "{\"o\":7,\"l\":3,\"r\":{\"id\":2,\"note\":\"x\"}}";
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- the part's encoding

    @Test
    void byteOrderMarkOrUtf16AfterTheFirstLine_failsAsTheStreamReaderFails() {
        // Jackson detects the encoding once, at the start of the stream: later lines are UTF-8 whatever they start with
        DatasetSpec spec = allTransforms();
        byte[][] parts = {
            cat(utf8(A + "\n"), BOM, utf8(B + "\n")),
            cat(utf8(A + "\n"), B.getBytes(StandardCharsets.UTF_16LE), utf8("\n")),
            cat(utf8(A + "\n"), new byte[] {(byte) 0xFF, (byte) 0xFE}, B.getBytes(StandardCharsets.UTF_16LE), utf8("\n")),
        };
        for (byte[] part : parts) {
            StagingRowReaderTest.Result r = assertSame(spec, part);

            assertThat(r.lines()).isEqualTo(1);
            assertThat(r.error()).isEqualTo("JsonParseException");
        }
    }

    @Test
    void partStartingWithAByteOrderMarkOrInUtf16_isReadAsTheStreamReaderReadsIt() {
        DatasetSpec spec = allTransforms();
        String text = A + "\n" + B + "\n";
        byte[][] parts = {
            cat(BOM, utf8(text)),
            cat(BOM, utf8("\n" + text)),
            text.getBytes(StandardCharsets.UTF_16LE),
            text.getBytes(StandardCharsets.UTF_16),   // big-endian with its byte order mark
            ("\n" + text).getBytes(StandardCharsets.UTF_16BE),
        };
        for (byte[] part : parts) {
            StagingRowReaderTest.Result r = assertSame(spec, part);

            assertThat(r.error()).isNull();
            assertThat(r.lines()).isEqualTo(2);
            assertThat(r.seen().get(1).offset()).isEqualTo(7);
        }
    }

    @Test
    void skip_inAPartStartingWithAByteOrderMark_countsAsTheStreamReader() throws IOException {
        byte[] part = cat(BOM, utf8(A + "\n\n" + B + "\n" + A + "\n"));
        RowLayout layout = RowTransformer.of(allTransforms()).layout();
        try (StagingLines.RowReader in = new StagingLines.RowReader(new ByteArrayInputStream(part), layout)) {
            in.skip(1);
            assertThat(in.index()).isEqualTo(1);
            assertThat(in.next()).isTrue();
            assertThat(in.offset()).isEqualTo(7);
            assertThat(in.row().get("note")).isEqualTo("x");
            assertThat(in.index()).isEqualTo(2);
        }
    }

    // ---------------------------------------------------------------- Jackson's limits

    @Test
    void aStringLongerThanJacksonReads_failsAsTheGeneralReaderFails() throws IOException {
        DatasetSpec spec = allTransforms();
        int max = Json.MAPPER.getFactory().streamReadConstraints().getMaxStringLength();
        // a line the transforms take (no reject: the stage asks for no tree)
        byte[] part = utf8(A + "\n{\"o\":5,\"l\":6,\"r\":{\"id\":1,\"amount\":3,\"note\":\"" + "n".repeat(max + 1)
                + "\"}}\n" + B + "\n");
        RowTransformer transformer = RowTransformer.of(spec);

        StagingRowReaderTest.Result general = StagingRowReaderTest.general(spec, transformer, part);
        StagingRowReaderTest.Result fast = StagingRowReaderTest.fast(spec, transformer, new ByteArrayInputStream(part),
                false);

        assertThat(general.error()).isEqualTo("StreamConstraintsException");
        assertThat(general.lines()).isEqualTo(1);
        assertThat(fast.seen()).isEqualTo(general.seen());
        assertThat(fast.error()).isEqualTo(general.error());
    }

    // ---------------------------------------------------------------- field names

    /** Field names that JSON escapes, non-ASCII and DEL, prefixes of each other, one longer than seven words. */
    private static DatasetSpec oddNames() {
        return TestSpecs.parse("""
                {"dataset":"t","format":{"type":"csv","header":true},
                 "fields":[{"name":"a\\"b","type":"string"},{"name":"c\\\\d","type":"string"},
                   {"name":"\u00e9\u20ac","type":"string"},{"name":"x/y","type":"string"},
                   {"name":"ctl\\u0001","type":"string"},{"name":"del\u007f","type":"string"},
                   {"name":"LONG","type":"string"},{"name":"p","type":"integer"},{"name":"pq","type":"string"},
                   {"name":"pqr","type":"decimal"},{"name":"o","type":"string"},{"name":"r","type":"string"}],
                 "transforms":[{"op":"trim"},{"op":"case","fields":["pq","\u00e9\u20ac"],"to":"upper"},
                   {"op":"rename","field":"a\\"b","to":"ab"},{"op":"default","field":"pq","value":"none"}],
                 "target":{"table":"things","partitionKey":{"name":"pk","template":"{p}#{pqr}#{pq}"}}}
                """.replace("LONG", "n".repeat(70)));
    }

    @Test
    void namesThatNeedEscapesOrArePrefixes_matchOnlyTheirOwnSlot() {
        DatasetSpec spec = oddNames();
        RowLayout layout = RowTransformer.of(spec).layout();
        List<String> names = layout.names();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            // the writer's form: rows of changing names and order (the name a row had at a position is not the next's)
            Row row = new Row(layout);
            for (int k = 0; k < 12; k++) {
                int slot = (k * (1 + i % 5) + i) % 12;
                String n = names.get(slot);
                boolean escaped = n.contains("\"") || n.contains("\\") || n.contains("\u0001");
                if (row.has(slot) || (i + k) % 4 == 0 || (i % 2 == 0 && escaped)) {
                    continue;
                }
                row.set(slot, n.equals("p") ? (Object) (long) i : n.equals("pqr") ? (Object) new BigDecimal("1.50")
                        : " v" + i + " ");
            }
            // the writer's bytes (line() gives them as ISO-8859-1 chars)
            part.append(new String(StagingRowReaderTest.line(i, i, row).getBytes(StandardCharsets.ISO_8859_1),
                    StandardCharsets.UTF_8));
        }
        // the same names escaped where the writer would not escape them: the general path reads them
        part.append("{\"o\":1,\"l\":1,\"r\":{\"x\\/y\":\"a\",\"\\u00e9\u20ac\":\"b\",\"p\":1,\"pqr\":2}}\n");
        part.append("{\"o\":1,\"l\":1,\"r\":{\"pq\":\"a\",\"pqrs\":\"b\",\"p\":1,\"pqr\":2}}\n");
        part.append("{\"o\":1,\"l\":1,\"r\":{\"pq\":\"a\",\"p\":1,\"pq\":\"b\"}}\n");

        long plain = part.toString().lines().filter(l -> !l.contains("\\")).count() - 2;

        StagingRowReaderTest.Result r = assertSame(spec, utf8(part.toString()));

        assertThat(r.error()).isNull();
        assertThat(r.lines()).isEqualTo(63);
        // the rows without an escaped name, and only those (not the last two: a name not in the layout, one twice)
        assertThat(plain).isGreaterThanOrEqualTo(30);
        assertThat(r.fastLines()).isEqualTo(plain);
    }

    @Test
    void aFieldNameJsonCannotEncode_otherLinesStillRead() {
        // a lone surrogate: Jackson cannot write the name (the writer fails on a row that has it), but rows without it
        // are read and written as on the general path
        DatasetSpec spec = TestSpecs.parse("""
                {"dataset":"t","format":{"type":"csv","header":true},
                 "fields":[{"name":"id","type":"integer"},{"name":"x\\uD800y","type":"string"}],
                 "target":{"table":"things","partitionKey":{"name":"pk","template":"{id}"}}}
                """);

        StagingRowReaderTest.Result r = assertSame(spec, utf8("{\"o\":1,\"l\":2,\"r\":{\"id\":1}}\n"
                + "{\"o\":3,\"l\":4,\"r\":{\"id\":2}}\n"));

        assertThat(r.error()).isNull();
        assertThat(r.lines()).isEqualTo(2);
        assertThat(r.fastLines()).isEqualTo(2);
    }

    // ---------------------------------------------------------------- numbers through every transform

    @Test
    void numbers_throughCastsDerivesDefaultsAndKeys_asOnTheGeneralPath() {
        DatasetSpec spec = TestSpecs.parse("""
                {"dataset":"t","format":{"type":"csv","header":true},
                 "fields":[{"name":"a","type":"decimal"},{"name":"b","type":"decimal"},{"name":"x","type":"string"},
                   {"name":"y","type":"string"},{"name":"z","type":"string"},{"name":"w","type":"string"}],
                 "transforms":[{"op":"cast","field":"x","to":"integer"},{"op":"cast","field":"y","to":"decimal"},
                   {"op":"cast","field":"z","to":"string"},{"op":"cast","field":"w","to":"boolean"},
                   {"op":"derive","field":"d1","expression":"a * b","type":"decimal","scale":2},
                   {"op":"derive","field":"d2","expression":"a + b"},
                   {"op":"derive","field":"d3","expression":"$string(a) & '-' & $string(b)"},
                   {"op":"derive","field":"d4","expression":"a / b","scale":3},
                   {"op":"derive","field":"d5","expression":"a - b","type":"integer"},
                   {"op":"derive","field":"d6","expression":"a - b","type":"string"},
                   {"op":"derive","field":"d7","expression":"a * 2","type":"decimal","scale":1},
                   {"op":"default","field":"a","value":0}],
                 "target":{"table":"things","partitionKey":{"name":"pk","template":"{a}#{b}#{z}"},
                           "sortKey":{"name":"sk","template":"{x}"}}}
                """);
        String[] values = {"0", "-1", "7", "2147483647", "2147483648", "-2147483648", "-2147483649",
            "999999999999999999", "-999999999999999999", "1000000000000000000", "-1000000000000000000",
            "9223372036854775807", "9223372036854775808", "0.1", "-0.1", "1.10", "100.000", "0.000001", "-0.000001",
            "0.0000010", "99999999999999999.9", "-9.9999999999999999", "-9.99999999999999999", "1e2", "-0", "-0.00",
            "0.000000", "12345678.12345678", "123456789.123456789", "0.5", "-2.5", "0.005", "\"3\"", "true", "null"};
        StringBuilder part = new StringBuilder();
        int i = 0;
        for (String p : values) {
            for (String q : values) {
                part.append("{\"o\":").append(i).append(",\"l\":").append(i++).append(",\"r\":{\"a\":").append(p)
                        .append(",\"b\":").append(q).append(",\"x\":").append(p).append(",\"y\":").append(q)
                        .append(",\"z\":").append(p).append(",\"w\":").append(q).append("}}\n");
            }
        }

        StagingRowReaderTest.Result r = assertSame(spec, utf8(part.toString()));

        assertThat(r.error()).isNull();
        assertThat(r.lines()).isEqualTo(values.length * values.length);
        // the lines whose two values are both raw numbers (25 forms of the 35) or a string or literal (3)
        assertThat(r.fastLines()).isEqualTo(28 * 28);
    }

    // ---------------------------------------------------------------- strings

    @Test
    void strings_utf8AndEscapeEdges_decodedAsJacksonOrLeftToIt() {
        DatasetSpec spec = allTransforms();
        byte[][] values = {
            utf8("\uffff"), utf8("\ufffe"), utf8("\udbff\udfff"), utf8("\\/"), utf8("\\u0000"), utf8("\\uDBFF"),
            utf8("x\\uDC00"), utf8("\\u007F\u007f"), utf8("\u0080\u07ff\u0800"),
            {(byte) 0xE0, (byte) 0x80, (byte) 0x80}, {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            {(byte) 0xC1, (byte) 0xBF}, {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            {(byte) 0xE2, (byte) 0x28, (byte) 0xA1}, {(byte) 0xED, (byte) 0xBF, (byte) 0xBF},
            {(byte) 0xF4, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF}, {(byte) 0xF0, (byte) 0x90, (byte) 0x80},
            utf8("\\U0041"), utf8("\\u00"), {0}, {0x1F}, {0x7F},
        };
        int lines = 0;
        for (byte[] v : values) {
            // each value at every position of the word scan's first two words, after a name the last row had there
            for (int at = 0; at < 18; at++) {
                byte[] part = cat(utf8(A + "\n"), utf8("{\"o\":5,\"l\":6,\"r\":{\"id\":1,\"note\":\"" + "s".repeat(at)), v,
                        utf8("t\"}}\n"));

                StagingRowReaderTest.Result r = assertSame(spec, part);

                assertThat(r.lines()).isBetween(1L, 2L);
                lines += (int) r.lines();
            }
        }
        assertThat(lines).isGreaterThan(values.length * 18);
    }

    // ---------------------------------------------------------------- stale bytes

    @Test
    void aLineCutShort_afterTheWholeLine_isNeverCompletedByItsStaleBytes() {
        // the row's buffer still holds the longer line after the shorter one's end: what the word reads see past the
        // end is exactly the rest of a valid line
        DatasetSpec spec = allTransforms();
        String whole = "{\"o\":123,\"l\":45,\"r\":{\"id\":-12,\"name\":\"abcdefghijklmnopq\",\"email\":\"x\\ty\","
                + "\"note\":\"caf\u00e9 au lait\",\"amount\":1234.5,\"flag\":true,\"" + "n".repeat(70) + "\":null}}";
        byte[] bytes = utf8(whole);
        RowTransformer transformer = RowTransformer.of(spec);
        for (int cut = 1; cut < bytes.length; cut++) {
            byte[] part = cat(bytes, utf8("\n"), java.util.Arrays.copyOf(bytes, cut), utf8("\n"));

            StagingRowReaderTest.Result general = StagingRowReaderTest.general(spec, transformer, part);
            StagingRowReaderTest.Result fast = StagingRowReaderTest.fast(spec, transformer,
                    new StagingRowReaderTest.Trickle(new ByteArrayInputStream(part), 5), false);

            assertThat(general.lines()).as("cut at %d", cut).isEqualTo(1);
            assertThat(fast.seen()).as("cut at %d", cut).isEqualTo(general.seen());
            // Jackson's error on the line alone (the end of input) or in the stream (the line break)
            assertThat(fast.error()).as("cut at %d", cut).startsWith("Json");
            assertThat(general.error()).as("cut at %d", cut).startsWith("Json");
        }
    }

    // ---------------------------------------------------------------- mutated lines

    /** Bytes a mutation puts in (no exponent: 1e12345678 would make the transforms compute for minutes). */
    private static final byte[] MUTATIONS = {'"', '\\', ',', ':', '{', '}', '[', '0', '1', '9', '-', '.', ' ', '\r', '\t',
        0, 0x1F, 0x7F, (byte) 0x80, (byte) 0xBF, (byte) 0xC3, (byte) 0xE2, (byte) 0xED, (byte) 0xF0, (byte) 0xF4,
        (byte) 0xFF, 'u', 'n', 't', 'a', 'd', 'o', 'r', 'l', '/', 'b'};

    @Test
    void mutatedLines_readAsTheGeneralPathReadsThem_butForTheAcceptedDifferences() {
        DatasetSpec spec = allTransforms();
        RowTransformer transformer = RowTransformer.of(spec);
        String[] lines = {A.replace("\"Ann \"", "\"a\\tb \u00e9\\u00e9\\\"\",\"email\":\"X@Y.z\",\"flag\":true"),
            "{\"o\":3,\"l\":4,\"r\":{\"id\":-7,\"note\":\"abcdefghijklmnopqrstuvwxyz\",\"amount\":0.000001,\"flag\":null}}",
            "{\"o\":5,\"l\":6,\"r\":{\"amount\":123456789012345678,\"id\":0,\"note\":\"\\ud83d\\ude00\uD83D\uDE00\"}}",
            "{\"o\":9,\"l\":8,\"r\":{\"flag\":false,\"note\":\"\\/\\b\\f\\n\\r\\u0000\u007f\",\"name\":\"\u20ac\uffff\","
                + "\"id\":2147483648,\"amount\":99.990}}"};
        int fast = 0;
        for (long seed = 0; seed < 3_000; seed++) {
            java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
            byte[] line = utf8(lines[r.nextInt(lines.length)]);
            for (int m = 1 + r.nextInt(3); m > 0; m--) {
                int at = r.nextInt(line.length);
                byte b = MUTATIONS[r.nextInt(MUTATIONS.length)];
                switch (r.nextInt(3)) {
                    case 0 -> line[at] = b;
                    case 1 -> line = cat(java.util.Arrays.copyOf(line, at), new byte[] {b},
                            java.util.Arrays.copyOfRange(line, at, line.length));
                    default -> line = cat(java.util.Arrays.copyOf(line, at),
                            java.util.Arrays.copyOfRange(line, at + 1, line.length));
                }
            }
            byte[] part = cat(utf8(B + "\n"), line, utf8("\n" + B + "\n"));

            StagingRowReaderTest.Result g = StagingRowReaderTest.general(spec, transformer, part);
            StagingRowReaderTest.Result f = StagingRowReaderTest.fast(spec, transformer, seed % 2 == 0
                    ? new ByteArrayInputStream(part) : new StagingRowReaderTest.Trickle(new ByteArrayInputStream(part), 5),
                    seed % 4 == 1);

            String what = "seed " + seed + ": " + new String(line, StandardCharsets.ISO_8859_1);
            boolean twoValues = f.error() != null && f.error().contains("holds more than one JSON value");
            boolean moreAfterTheValue = g.error() != null && g.lines() == f.lines() + 1 && f.error() != null;
            if (twoValues || moreAfterTheValue) {
                assertThat(g.seen().subList(0, f.seen().size())).as(what).isEqualTo(f.seen());
                continue;
            }
            assertThat(f.seen()).as(what).isEqualTo(g.seen());
            if (g.error() == null || !g.error().startsWith("Json")) {
                assertThat(f.error()).as(what).isEqualTo(g.error());
            } else {
                assertThat(f.error()).as(what).startsWith("Json");
            }
            fast += (int) f.fastLines();
        }
        // the good line before the mutated one, and now and then the mutated line and the one after it
        assertThat(fast).isGreaterThan(3_300);
    }

    // ---------------------------------------------------------------- the accepted differences (docs/performance.md, 11)

    @Test
    void aValueSpanningLinesOrFollowedByMore_isAnErrorOfItsFirstLine() {
        // the stream reader reads a value across line breaks, and fails only at what follows a value; a staging line is
        // one value and its line break
        DatasetSpec spec = allTransforms();
        RowTransformer transformer = RowTransformer.of(spec);
        for (String bad : new String[] {"{\"o\":7,\n\"l\":3,\"r\":{\"id\":2}}", B + "}", B + " x", B + "\r" + B}) {
            byte[] part = utf8(A + "\n" + bad + "\n" + A + "\n");

            StagingRowReaderTest.Result fast = StagingRowReaderTest.fast(spec, transformer, new ByteArrayInputStream(part),
                    false);

            assertThat(fast.lines()).as(bad).isEqualTo(1);
            assertThat(fast.error()).as(bad).isNotNull();
            assertThat(StagingRowReaderTest.general(spec, transformer, part).lines()).as(bad).isGreaterThan(1);
        }
    }

    // ---------------------------------------------------------------- skipping

    @Test
    void skip_thenNext_continuesWhereTheTreeReaderContinues() throws IOException {
        DatasetSpec spec = allTransforms();
        RowLayout layout = RowTransformer.of(spec).layout();
        String text = "\r\n" + A + "\r\n\n  \t\n" + B + "\n" + A.replace("\"o\":1", "\"o\":9") + "\r\n \n"
                + "{ \"o\" : 11 , \"l\":1, \"r\":{}}\n" + B.replace("\"o\":7", "\"o\":13");   // no final line break
        byte[] part = utf8(text);
        for (int k = 0; k <= 7; k++) {
            List<Long> tree = new ArrayList<>();
            long treeIndex;
            try (StagingLines.Reader in = new StagingLines.Reader(new ByteArrayInputStream(part))) {
                in.skip(k);
                treeIndex = in.index();
                for (StagingLines.Row r = in.next(); r != null; r = in.next()) {
                    tree.add(r.offset());
                }
            }
            List<Long> rows = new ArrayList<>();
            try (StagingLines.RowReader in = new StagingLines.RowReader(
                    new StagingRowReaderTest.Trickle(new ByteArrayInputStream(part), 3), layout)) {
                in.skip(k);
                assertThat(in.index()).as("after skipping %d", k).isEqualTo(treeIndex);
                while (in.next()) {
                    rows.add(in.offset());
                }
            }

            assertThat(rows).as("after skipping %d", k).isEqualTo(tree);
            assertThat(tree).hasSize(Math.max(0, 5 - k));
        }
    }
}
