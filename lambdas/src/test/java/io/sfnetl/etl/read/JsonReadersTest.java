package io.sfnetl.etl.read;

import static io.sfnetl.etl.testing.Records.readAll;
import static io.sfnetl.etl.testing.TestSpecs.resource;
import static org.assertj.core.api.Assertions.assertThat;

import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.testing.TestSpecs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonReadersTest {
    private static final DatasetSpec JSONL = TestSpecs.spec("jsonl-basic.json");
    private static final DatasetSpec ARRAY = TestSpecs.spec("json-array.json");

    @Test
    void read_jsonLines_givesObjectsWithOffsetsAndLinesSkippingBlankLines() {
        byte[] data = resource("/data/events.jsonl");
        List<SourceRecord> records = readAll(JSONL, data);

        assertThat(records).extracting(r -> r.json().get("id").asInt()).containsExactly(1, 2, 3, 4);
        assertThat(records).extracting(SourceRecord::line).containsExactly(1L, 2L, 4L, 5L);
        assertThat(records.get(2).json().get("name").asText()).isEqualTo("cé");
        for (SourceRecord r : records) {
            assertThat(new String(data, (int) r.offset(), (int) (r.nextOffset() - r.offset() - 1),
                    StandardCharsets.UTF_8)).isEqualTo(r.raw());
        }
    }

    @Test
    void read_jsonLinesDecimal_keepsExactBigDecimal() {
        List<SourceRecord> records = readAll(JSONL, "{\"id\":1,\"amount\":19.990}\n");

        assertThat(records.get(0).json().get("amount").decimalValue()).isEqualByComparingTo("19.990");
        assertThat(records.get(0).json().get("amount").isBigDecimal()).isTrue();
    }

    @Test
    void read_jsonArray_givesElementsWithExactByteOffsets() {
        byte[] data = resource("/data/events.json");
        List<SourceRecord> records = readAll(ARRAY, data);

        assertThat(records).extracting(r -> r.json().get("id").asInt()).containsExactly(1, 2, 3, 4);
        assertThat(records).extracting(SourceRecord::line).containsExactly(2L, 3L, 4L, 6L);
        for (SourceRecord r : records) {
            assertThat(data[(int) r.offset()]).isEqualTo((byte) '{');
            assertThat(data[(int) r.nextOffset() - 1]).isEqualTo((byte) '}');
        }
        assertThat(records.get(1).json().get("name").asText()).isEqualTo("b,]");
    }

    @Test
    void read_jsonArrayWithBom_offsetsCountTheBom() {
        byte[] body = "[{\"id\":1}]".getBytes(StandardCharsets.UTF_8);
        byte[] data = new byte[body.length + 3];
        data[0] = (byte) 0xEF;
        data[1] = (byte) 0xBB;
        data[2] = (byte) 0xBF;
        System.arraycopy(body, 0, data, 3, body.length);

        List<SourceRecord> records = readAll(ARRAY, data);

        assertThat(records).hasSize(1);
        assertThat(records.get(0).offset()).isEqualTo(4);
    }

    @Test
    void read_emptyJsonArray_givesNoRecords() {
        assertThat(readAll(ARRAY, " [ ] ")).isEmpty();
        assertThat(readAll(ARRAY, "")).isEmpty();
    }
}
