package io.sfnetl.etl.transform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.spec.DatasetSpec;

/**
 * Applies a spec's ordered transforms to valid rows and sets the target key attributes. Built once per spec;
 * thread-safe (JSONata expressions are compiled once per thread).
 */
public final class RowTransformer {
    private RowTransformer(DatasetSpec spec) {
    }

    public static RowTransformer of(DatasetSpec spec) {
        return new RowTransformer(spec);
    }

    /**
     * @param validRow a row from {@link io.sfnetl.etl.rules.Validation.Valid#row()}; not modified (a copy is
     *     transformed)
     * @return Ok with the item (key attributes set), or Failed with every reason
     */
    public Transformed transform(ObjectNode validRow) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The key computer this transformer uses. */
    public KeyOf keyOf() {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
