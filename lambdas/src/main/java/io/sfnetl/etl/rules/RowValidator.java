package io.sfnetl.etl.rules;

import io.sfnetl.etl.read.SourceRecord;
import io.sfnetl.etl.spec.DatasetSpec;

/**
 * Applies a spec's field types and rules, and its custom {@link RowRule}s, to source records. Built once per spec;
 * immutable and thread-safe.
 */
public final class RowValidator {
    private final DatasetSpec spec;

    private RowValidator(DatasetSpec spec) {
        this.spec = spec;
    }

    /**
     * @param spec a parsed spec (its rule classes are instantiated here)
     * @throws io.sfnetl.etl.errors.InvalidSpec when a rule class cannot be loaded or instantiated
     */
    public static RowValidator of(DatasetSpec spec) {
        return new RowValidator(spec);
    }

    /**
     * @param record a source record; a malformed one ({@link SourceRecord#parseError()} non-null) is Invalid with that
     *     reason
     * @return Valid with the typed row, or Invalid with EVERY reason (values of sensitive fields are never quoted)
     */
    public Validation validate(SourceRecord record) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
