package io.sfnetl.etl.spec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.read.SourceRecord;

/** Masks the values of a spec's sensitive fields wherever data is shown or logged (reject files, console, logs). */
public final class Masking {
    /** What a masked value looks like. */
    public static final String MASK = "****";

    private Masking() {
    }

    /**
     * @return the record's raw text with every sensitive field's value replaced by {@value #MASK}; when the record
     *     is too malformed to locate its fields and the spec has sensitive fields, the whole text is masked
     *     ({@code ****(masked N characters)})
     */
    public static String mask(DatasetSpec spec, SourceRecord record) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** @return a copy of a typed row or item with sensitive fields (by field name) replaced by {@value #MASK} */
    public static ObjectNode mask(DatasetSpec spec, ObjectNode row) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
