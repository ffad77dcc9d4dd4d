package io.sfnetl.etl.spec;

import java.io.InputStream;

/**
 * Parses and checks a dataset spec: JSON syntax, the published JSON Schema (draft 2020-12, resource
 * {@value #SCHEMA_RESOURCE}) and semantic checks (duplicate field names, unknown fields referenced by transforms and
 * key templates, bad regular expressions, date/time patterns, JSONata expressions, min &gt; max, rule classes that do
 * not exist or are not {@link io.sfnetl.etl.rules.RowRule}s, ...). Thread-safe.
 */
public final class SpecParser {
    /** Class-path location of the published JSON Schema of the dataset spec. */
    public static final String SCHEMA_RESOURCE = "/io/sfnetl/etl/spec/dataset-spec.schema.json";

    private SpecParser() {
    }

    /**
     * @param json the spec document (read fully, not closed)
     * @param sourceName where it came from (an S3 URI or path), used in messages
     * @return the parsed spec
     * @throws io.sfnetl.etl.errors.InvalidSpec with EVERY problem found, each with its JSON Pointer location
     */
    public static DatasetSpec parse(InputStream json, String sourceName) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
