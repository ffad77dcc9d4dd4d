package io.sfnetl.etl.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.read.SourceRecord;
import io.sfnetl.etl.read.internal.CsvRecordReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Masks the values of a spec's sensitive fields wherever data is shown or logged (reject files, console, logs).
 * Stateless and thread-safe.
 */
public final class Masking {
    /** What a masked value looks like. */
    public static final String MASK = "****";

    private Masking() {
    }

    /**
     * @return the record's raw text with every sensitive field's value replaced by {@value #MASK}: a CSV record is
     *     re-written from its values in column order (quoting as needed), a JSON record from its object. When the
     *     record is malformed (its fields cannot be located) and the spec has sensitive fields, the whole text is
     *     masked as {@code ****(masked malformed record, N characters)}. Without sensitive fields, the raw text.
     */
    public static String mask(DatasetSpec spec, SourceRecord record) {
        if (!spec.hasSensitiveFields()) {
            return record.raw();
        }
        Set<String> sources = spec.fields().stream().filter(FieldSpec::sensitive).map(FieldSpec::source)
                .collect(Collectors.toSet());
        if (record.csvValues() != null) {
            List<String> values = new ArrayList<>(record.csvValues().size());
            for (Map.Entry<String, String> e : record.csvValues().entrySet()) {
                values.add(sources.contains(e.getKey()) && !e.getValue().isEmpty() ? MASK : e.getValue());
            }
            return CsvRecordReader.tokenizer(spec.format()).join(values);
        }
        if (record.json() != null) {
            JsonNode copy = record.json().deepCopy();
            for (String source : sources) {
                maskAt(copy, source);
            }
            return copy.toString();
        }
        return MASK + "(masked malformed record, " + record.raw().length() + " characters)";
    }

    private static void maskAt(JsonNode root, String source) {
        if (!source.startsWith("/")) {
            if (root instanceof ObjectNode o && o.has(source) && !o.get(source).isNull()) {
                o.put(source, MASK);
            }
            return;
        }
        int slash = source.lastIndexOf('/');
        JsonNode parent = slash == 0 ? root : root.at(source.substring(0, slash));
        String name = source.substring(slash + 1).replace("~1", "/").replace("~0", "~");
        if (parent instanceof ObjectNode o && o.has(name) && !o.get(name).isNull()) {
            o.put(name, MASK);
        }
    }

    /**
     * @return a copy of a typed row or item with the values of {@link #sensitiveNames sensitive names} replaced by
     *     {@value #MASK}
     */
    public static ObjectNode mask(DatasetSpec spec, ObjectNode row) {
        ObjectNode copy = row.deepCopy();
        for (String name : sensitiveNames(spec)) {
            if (copy.has(name)) {
                copy.put(name, MASK);
            }
        }
        return copy;
    }

    /**
     * The names under which a typed row or item holds a sensitive value: each sensitive field's name and every name a
     * {@code rename} transform gives it (an item's field renamed from a sensitive one is masked too).
     */
    public static Set<String> sensitiveNames(DatasetSpec spec) {
        Set<String> names = new java.util.LinkedHashSet<>();
        for (FieldSpec f : spec.fields()) {
            if (f.sensitive()) {
                names.add(f.name());
            }
        }
        for (TransformSpec t : spec.transforms()) {
            if (t instanceof TransformSpec.Rename r && names.contains(r.field())) {
                names.add(r.to());
            }
        }
        return names;
    }
}
