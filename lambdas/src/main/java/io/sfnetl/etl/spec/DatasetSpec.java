package io.sfnetl.etl.spec;

import java.util.List;
import java.util.Optional;

/**
 * Everything about one dataset (brief §5): source format, fields with types and rules, custom rules, transforms,
 * target table and key, duplicate policy, sensitive fields and reject threshold. Built only by {@link SpecParser},
 * which validates it against the published JSON Schema ({@link SpecParser#SCHEMA_RESOURCE}) and semantic checks.
 * Immutable and thread-safe.
 *
 * @param dataset logical dataset name
 * @param format source format and dialect
 * @param fields declared fields, in order (names unique)
 * @param rules fully-qualified class names of {@link io.sfnetl.etl.rules.RowRule}s (checked loadable by the parser)
 * @param transforms ordered transforms
 * @param target target table and key templates
 * @param duplicates duplicate-by-key policy within a part (default last-wins)
 * @param maxRejectPercent reject rate (0..100) above which a run fails, or null when the spec sets none
 * @param canonicalJson the spec as canonical JSON (object keys sorted, no insignificant white space)
 * @param sha256 lower-case hex SHA-256 of {@code canonicalJson}'s UTF-8 bytes: identifies the spec's content
 */
public record DatasetSpec(
        String dataset, FormatSpec format, List<FieldSpec> fields, List<String> rules, List<TransformSpec> transforms,
        TargetSpec target, DuplicatePolicy duplicates, Double maxRejectPercent, String canonicalJson, String sha256) {
    public DatasetSpec {
        fields = List.copyOf(fields);
        rules = List.copyOf(rules);
        transforms = List.copyOf(transforms);
    }

    /** The field named {@code name}, if declared. */
    public Optional<FieldSpec> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** True when any field is marked sensitive. */
    public boolean hasSensitiveFields() {
        return fields.stream().anyMatch(FieldSpec::sensitive);
    }
}
