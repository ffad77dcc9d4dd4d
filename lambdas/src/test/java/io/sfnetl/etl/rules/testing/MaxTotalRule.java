package io.sfnetl.etl.rules.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.read.SourceRecord;
import io.sfnetl.etl.rules.RowRule;
import java.math.BigDecimal;
import java.util.List;

/** A test rule: amount * quantity must not pass 10,000. */
public class MaxTotalRule implements RowRule {
    @Override
    public List<String> check(ObjectNode row, SourceRecord record) {
        if (!row.has("amount") || !row.has("quantity")) {
            return List.of();
        }
        BigDecimal total = row.get("amount").decimalValue().multiply(BigDecimal.valueOf(row.get("quantity").longValue()));
        return total.compareTo(BigDecimal.valueOf(10_000)) > 0
                ? List.of("rule MaxTotalRule: amount * quantity = " + total.toPlainString() + " is over 10000")
                : List.of();
    }
}
