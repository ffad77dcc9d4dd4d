package io.sfnetl.etl.transform;

import static io.sfnetl.etl.testing.Records.readAll;
import static io.sfnetl.etl.testing.TestSpecs.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.read.SourceRecord;
import io.sfnetl.etl.rules.RowValidator;
import io.sfnetl.etl.rules.Validation;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.spec.Masking;
import io.sfnetl.etl.spec.SpecParser;
import java.io.FileInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The orders sample spec end to end on a small file: read, validate, transform, mask rejects. */
class OrdersSampleTest {
    @Test
    void ordersSpec_smallFile_validRowsTransformedAndBadRowsRejectedWithEveryReason() throws Exception {
        DatasetSpec spec;
        try (InputStream in = new FileInputStream("../samples/orders/orders.spec.json")) {
            spec = SpecParser.parse(in, "orders.spec.json");
        }
        RowValidator validator = RowValidator.of(spec);
        RowTransformer transformer = RowTransformer.of(spec);
        List<SourceRecord> records = readAll(spec, resource("/data/orders-small.csv"));
        assertThat(records).hasSize(6);

        List<Validation> results = records.stream().map(validator::validate).toList();

        assertThat(results).extracting(v -> v instanceof Validation.Valid)
                .containsExactly(true, true, true, false, false, false);
        ObjectNode second = ((Transformed.Ok) transformer.transform(((Validation.Valid) results.get(1)).row())).item();
        assertThat(second.get("customer_id").textValue()).isEqualTo("C002");
        assertThat(second.get("currency").textValue()).isEqualTo("USD");
        assertThat(second.get("email").textValue()).isEqualTo("bob@example.com");
        assertThat(second.get("total").decimalValue()).isEqualTo(new BigDecimal("5.00"));
        assertThat(second.get("notes").textValue()).isEqualTo("gift wrap, please");
        ObjectNode first = ((Transformed.Ok) transformer.transform(((Validation.Valid) results.get(0)).row())).item();
        assertThat(first.get("total").decimalValue()).isEqualTo(new BigDecimal("59.97"));
        assertThat(first.get("order_id").textValue()).isEqualTo("ORD-000001");
        assertThat(transformer.keyOf().dedupKey(first)).isEqualTo("ORD-000001");
        ObjectNode third = ((Validation.Valid) results.get(2)).row();
        assertThat(third.get("notes").textValue()).isEqualTo("leave at door\nring twice");

        List<String> bad = ((Validation.Invalid) results.get(3)).reasons();
        assertThat(bad).hasSize(7).anySatisfy(r -> assertThat(r).contains("field 'email'").contains("not shown"))
                .noneSatisfy(r -> assertThat(r).contains("bad-email"));
        assertThat(((Validation.Invalid) results.get(4)).reasons()).containsExactly(
                "field 'amount': 'abc' is not a decimal number", "field 'quantity': '1001' is greater than max 1000");
        assertThat(((Validation.Invalid) results.get(5)).reasons()).singleElement().asString()
                .contains("expected 9 columns but found 7");
        assertThat(records.get(3).line()).isEqualTo(6);
        assertThat(Masking.mask(spec, records.get(3))).isEqualTo("ORD-04,C004,****,2024-02-30,-1,JPY,0,LOST,");
    }
}
