package io.sfnetl.etl.transform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.row.Row;
import java.util.List;

/** The outcome of {@link RowTransformer#transform}: the item to load, or every reason the transform failed. */
public sealed interface Transformed {

    /**
     * The transformed item, with the target key attributes set (see {@link KeyOf}).
     *
     * @param values the item without a JSON tree (the staging writer writes it directly)
     */
    record Ok(Row values) implements Transformed {
        /** The item as a new JSON tree (built on each call: the hot path uses {@link #values()}). */
        public ObjectNode item() {
            return values.toNode();
        }
    }

    /** The transform failed for this row (e.g. a JSONata error, a key field missing); never empty. */
    record Failed(List<String> reasons) implements Transformed {
        public Failed {
            reasons = List.copyOf(reasons);
            if (reasons.isEmpty()) {
                throw new IllegalArgumentException("a Failed transform needs at least one reason");
            }
        }
    }
}
