package io.sfnetl.etl.stage.internal;

import io.sfnetl.etl.rules.RowValidator;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.transform.RowTransformer;

/** A parsed spec with the validator and transformer built from it once (all thread-safe). */
public record RunSpec(DatasetSpec spec, RowValidator validator, RowTransformer transformer) {
    public static RunSpec of(DatasetSpec spec) {
        return new RunSpec(spec, RowValidator.of(spec), RowTransformer.of(spec));
    }
}
