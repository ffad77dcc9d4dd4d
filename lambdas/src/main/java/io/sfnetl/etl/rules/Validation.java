package io.sfnetl.etl.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.row.Row;
import java.util.List;

/** The outcome of {@link RowValidator#validate}: a typed row, or every reason it is invalid. */
public sealed interface Validation {

    /**
     * A valid row: declared field name to typed value (integer: long or BigInteger; decimal: BigDecimal; boolean;
     * date: {@code YYYY-MM-DD}; timestamp: ISO-8601 instant; string). Fields with no value are absent.
     *
     * @param values the row without a JSON tree, in the order of the spec's fields (hand it to
     *     {@link io.sfnetl.etl.transform.RowTransformer#transform(Row)} and the staging writer)
     */
    record Valid(Row values) implements Validation {
        /** The row as a new JSON tree (built on each call: the hot path uses {@link #values()}). */
        public ObjectNode row() {
            return values.toNode();
        }
    }

    /** An invalid row with every reason (never empty), e.g. {@code field 'amount': 'abc' is not a decimal}. */
    record Invalid(List<String> reasons) implements Validation {
        public Invalid {
            reasons = List.copyOf(reasons);
            if (reasons.isEmpty()) {
                throw new IllegalArgumentException("an Invalid validation needs at least one reason");
            }
        }
    }
}
