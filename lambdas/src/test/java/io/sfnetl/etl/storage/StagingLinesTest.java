package io.sfnetl.etl.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
