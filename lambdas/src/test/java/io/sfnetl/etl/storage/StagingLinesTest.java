package io.sfnetl.etl.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.row.Row;
import io.sfnetl.etl.row.RowLayout;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StagingLinesTest {
    private static ObjectNode row() throws Exception {
        ObjectNode r = (ObjectNode) Json.MAPPER.readTree("""
                {"s":"a \\"q\\" é\\n","i":7,"l":12345678901,"b":123456789012345678901234567890,
                 "d":10.50,"e":1E+3,"t":true,"f":false,"n":null,"a":[1,"x",{"k":[]}],"o":{"p":0.000001}}""");
        r.put("bd", new BigDecimal("1E+5"));
        r.put("bi", new BigInteger("-98765432109876543210"));
        return r;
    }

    @Test
    void writer_rowAndReject_sameBytesAsTheMapper() throws Exception {
        ObjectNode row = row();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StagingLines.Writer w = new StagingLines.Writer(out);
        w.row(5, 2, row);
        w.reject("s3://b/k.csv", 9, 3, "raw, ****", List.of("r1", "r\"2"), "validate");
        w.flush();

        ObjectNode line = Json.MAPPER.createObjectNode();
        line.put("o", 5);
        line.put("l", 2);
        line.set("r", row);
        ObjectNode reject = Json.MAPPER.createObjectNode();
        reject.put("object", "s3://b/k.csv");
        reject.put("offset", 9);
        reject.put("line", 3);
        reject.put("raw", "raw, ****");
        reject.set("reasons", Json.MAPPER.valueToTree(List.of("r1", "r\"2")));
        reject.put("stage", "validate");
        String expected = Json.MAPPER.writeValueAsString(line) + "\n" + Json.MAPPER.writeValueAsString(reject) + "\n";
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    /** The bytes the tree writer gives for a line of {@code row}. */
    private static String treeLine(long offset, long line, JsonNode row) {
        return written(w -> w.row(offset, line, row));
    }

    /** The bytes the row writer gives for a line of {@code row}. */
    private static String rowLine(long offset, long line, Row row) {
        return written(w -> w.row(offset, line, row));
    }

    private static String written(java.util.function.Consumer<StagingLines.Writer> write) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StagingLines.Writer w = new StagingLines.Writer(out);
        write.accept(w);
        w.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writer_rowWithoutTree_sameBytesAsItsTree() throws Exception {
        ObjectNode tree = row();
        tree.put("neg", -42L);
        tree.put("max", Long.MAX_VALUE);
        tree.put("min", Long.MIN_VALUE);
        tree.put("zero", 0L);
        tree.put("dec", new BigDecimal("-0.000"));
        tree.put("float", 1.5d);
        tree.put("empty", "");
        tree.put("uni", "ü€😀 \u0001\u001f\u007f\t\b\f\r/");
        Row row = Row.of(RowLayout.of(List.of("s", "i")), tree);

        assertThat(row.get("l")).isInstanceOf(Long.class);
        assertThat(row.get("d")).isInstanceOf(BigDecimal.class);
        assertThat(row.get("s")).isInstanceOf(String.class);
        assertThat(rowLine(0, -1, row)).isEqualTo(treeLine(0, -1, tree));
        assertThat(rowLine(Long.MAX_VALUE, 123456789, row)).isEqualTo(treeLine(Long.MAX_VALUE, 123456789, tree));
        assertThat(rowLine(7, 1, new Row(RowLayout.of(List.of("a"))))).isEqualTo("{\"o\":7,\"l\":1,\"r\":{}}\n");
    }

    @Test
    void writer_decimalsOfEveryScaleAndSize_sameBytesAsTheGenerator() {
        RowLayout layout = RowLayout.of(List.of("d"));
        java.util.Random random = new java.util.Random(7);
        List<String> fixed = List.of("0", "0.00", "-0.0", "0.000001", "0.0000001", "-0.0000001", "1E+3", "1E-7",
                "123456789012345678", "1234567890123456789", "0.123456789012345678", "-99999999999999999.9",
                "922337203685477580.7", "10.50", "-2064.43", "1.000000000000000000", "0.0000000000000000001");
        List<BigDecimal> values = new java.util.ArrayList<>(fixed.stream().map(BigDecimal::new).toList());
        for (int i = 0; i < 20_000; i++) {
            long unscaled = random.nextLong() >> random.nextInt(64);
            values.add(BigDecimal.valueOf(unscaled, random.nextInt(24) - 3));
        }
        for (BigDecimal d : values) {
            Row row = new Row(layout);
            row.set(0, d);
            assertThat(rowLine(1, 2, row)).as(d.toString()).isEqualTo(treeLine(1, 2, row.toNode()));
            assertThat(rowLine(1, 2, row)).as(d.toString()).contains(":" + d + "}");
        }
    }

    @Test
    void writer_everyCharOfAString_sameBytesAsTheGenerator() {
        RowLayout layout = RowLayout.of(List.of("k\"ü\n"));
        StringBuilder all = new StringBuilder();
        for (int c = 0; c <= 0xFFFF; c++) {
            all.append((char) c);
        }
        all.append("😀x\uD800").append("\uDC00");
        for (String text : List.of(all.toString(), "plain", "x".repeat(200_000) + "é")) {
            Row row = new Row(layout);
            row.set(0, text);
            assertThat(rowLine(3, 4, row)).isEqualTo(treeLine(3, 4, row.toNode()));
        }
    }

    @Test
    void writer_rowsTreesAndRejectsMixed_sameBytesAsTreesOnly() throws Exception {
        ObjectNode tree = row();
        Row row = Row.of(RowLayout.of(List.of()), tree);
        ByteArrayOutputStream mixed = new ByteArrayOutputStream();
        StagingLines.Writer w = new StagingLines.Writer(mixed);
        ByteArrayOutputStream trees = new ByteArrayOutputStream();
        StagingLines.Writer t = new StagingLines.Writer(trees);
        for (int i = 0; i < 3000; i++) {   // past the writer's internal buffers
            w.row(i, i, row);
            t.row(i, i, tree);
            if (i % 7 == 0) {
                w.reject("s3://b/k", i, i, "raw", List.of("why"), "validate");
                t.reject("s3://b/k", i, i, "raw", List.of("why"), "validate");
                w.row(i, i, tree);
                t.row(i, i, tree);
            }
        }
        w.flush();
        t.flush();
        assertThat(mixed.toByteArray()).isEqualTo(trees.toByteArray());
    }

    @Test
    void reader_writtenRows_equalTheMappersTrees() throws Exception {
        ObjectNode row = row();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StagingLines.Writer w = new StagingLines.Writer(out);
        w.row(0, 1, row);
        w.row(40, 2, row);
        w.flush();
        JsonNode expected = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(row));
        try (StagingLines.Reader r = new StagingLines.Reader(new ByteArrayInputStream(out.toByteArray()))) {
            StagingLines.Row first = r.next();
            assertThat(first.offset()).isZero();
            assertThat(first.line()).isEqualTo(1);
            assertThat(first.row()).isEqualTo(expected);
            assertThat(first.row().get("d").decimalValue()).isEqualTo(new BigDecimal("10.50"));
            assertThat(first.row().get("i").isInt()).isEqualTo(expected.get("i").isInt());
            assertThat(first.row().get("l").isLong()).isTrue();
            assertThat(first.row().get("b").isBigInteger()).isTrue();
            assertThat(r.index()).isEqualTo(1);
            assertThat(r.next().offset()).isEqualTo(40);
            assertThat(r.next()).isNull();
        }
    }

    @Test
    void reader_skip_continuesAtTheIndex() throws Exception {
        String text = "{\"o\":0,\"l\":1,\"r\":{\"x\":1}}\n\n{\"o\":9,\"l\":2,\"r\":{\"x\":2}}\n{\"o\":18,\"l\":3,\"r\":{\"x\":3}}\n";
        try (StagingLines.Reader r = new StagingLines.Reader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
            r.skip(2);
            assertThat(r.index()).isEqualTo(2);
            assertThat(r.next().row().get("x").intValue()).isEqualTo(3);
        }
    }

    @Test
    void reader_lineWithoutRow_failsNamingTheLine() throws Exception {
        String text = "{\"o\":0,\"l\":1,\"r\":{\"x\":1}}\n{\"o\":1,\"l\":2}\n";
        try (StagingLines.Reader r = new StagingLines.Reader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
            r.next();
            assertThatThrownBy(r::next).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("line 1 has no \"r\" object");
        }
    }
}
