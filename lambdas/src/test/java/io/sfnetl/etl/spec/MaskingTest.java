package io.sfnetl.etl.spec;

import static io.sfnetl.etl.testing.Records.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.read.SourceRecord;
import io.sfnetl.etl.spec.internal.Json;
import io.sfnetl.etl.testing.TestSpecs;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaskingTest {
    @Test
    void mask_csvRecord_replacesSensitiveColumnKeepingQuoting() {
        DatasetSpec spec = TestSpecs.spec("csv-basic.json");
        SourceRecord r = readAll(spec, "id,name,email,note\n1,Ann,ann@example.com,\"a, b\"\n").get(0);

        assertThat(Masking.mask(spec, r)).isEqualTo("1,Ann,****,\"a, b\"");
    }

    @Test
    void mask_malformedCsvRecordWithSensitiveFields_masksWholeText() {
        DatasetSpec spec = TestSpecs.spec("csv-basic.json");
        SourceRecord r = readAll(spec, "id,name,email,note\n1,Ann,ann@example.com\n").get(0);

        assertThat(r.parseError()).contains("expected 4 columns but found 3");
        assertThat(Masking.mask(spec, r)).isEqualTo("****(masked malformed record, 21 characters)")
                .doesNotContain("ann@");
    }

    @Test
    void mask_noSensitiveFields_returnsRaw() {
        DatasetSpec spec = TestSpecs.spec("csv-basic.json", t -> TestSpecs.field(t, 2).put("sensitive", false));
        SourceRecord r = readAll(spec, "id,name,email,note\n1,Ann,ann@example.com\n").get(0);

        assertThat(Masking.mask(spec, r)).isEqualTo("1,Ann,ann@example.com");
    }

    @Test
    void mask_jsonRecord_masksTopLevelAndPointerSources() {
        DatasetSpec spec = TestSpecs.spec("jsonl-basic.json", t -> TestSpecs.field(t, 2).put("sensitive", true));
        List<SourceRecord> rs = readAll(spec, "{\"id\":1,\"secret\":\"s\",\"address\":{\"city\":\"Paris\",\"zip\":\"1\"}}\n");

        assertThat(Masking.mask(spec, rs.get(0)))
                .isEqualTo("{\"id\":1,\"secret\":\"****\",\"address\":{\"city\":\"****\",\"zip\":\"1\"}}");
    }

    @Test
    void mask_row_masksSensitiveFieldNames() {
        DatasetSpec spec = TestSpecs.spec("csv-basic.json");
        ObjectNode row = Json.object().put("id", 1).put("email", "x@y.z");

        assertThat(Masking.mask(spec, row).toString()).isEqualTo("{\"id\":1,\"email\":\"****\"}");
        assertThat(row.get("email").textValue()).isEqualTo("x@y.z");
    }

    @Test
    void mask_itemWithARenamedSensitiveField_masksItUnderItsNewName() {
        DatasetSpec spec = TestSpecs.spec("csv-basic.json", t -> t.withArray("transforms").addObject()
                .put("op", "rename").put("field", "email").put("to", "contact"));
        ObjectNode item = Json.object().put("id", 1).put("contact", "x@y.z");

        assertThat(Masking.sensitiveNames(spec)).containsExactly("email", "contact");
        assertThat(Masking.mask(spec, item).toString()).isEqualTo("{\"id\":1,\"contact\":\"****\"}");
    }
}
