/**
 * The dataset spec (brief §5): {@link io.sfnetl.etl.spec.DatasetSpec} and its parts, parsed and checked by
 * {@link io.sfnetl.etl.spec.SpecParser} against the published JSON Schema
 * ({@code io/sfnetl/etl/spec/dataset-spec.schema.json}, described in {@code docs/dataset-spec.md}), and
 * {@link io.sfnetl.etl.spec.Masking} of sensitive fields. Pure Java, no AWS SDK.
 */
package io.sfnetl.etl.spec;
