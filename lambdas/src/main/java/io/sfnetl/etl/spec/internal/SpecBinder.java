package io.sfnetl.etl.spec.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.etl.read.SourceFormat;
import io.sfnetl.etl.rules.internal.RuleLoader;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.spec.DuplicatePolicy;
import io.sfnetl.etl.spec.FieldSpec;
import io.sfnetl.etl.spec.FieldType;
import io.sfnetl.etl.spec.FormatSpec;
import io.sfnetl.etl.spec.KeySpec;
import io.sfnetl.etl.spec.TargetSpec;
import io.sfnetl.etl.spec.TransformSpec;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** Builds a {@link DatasetSpec} from a document that passed the schema and the semantic checks, with defaults. */
public final class SpecBinder {
    private SpecBinder() {
    }

    public static DatasetSpec bind(JsonNode root) {
        JsonNode f = root.path("format");
        FormatSpec format = new FormatSpec(
                SourceFormat.fromSpecName(f.path("type").asText()),
                f.path("delimiter").asText(",").charAt(0),
                f.path("quote").asText("\"").charAt(0),
                f.path("escape").isTextual() ? f.path("escape").textValue().charAt(0) : null,
                f.path("header").asBoolean(true),
                strings(f.path("columns")),
                Charset.forName(f.path("encoding").asText("UTF-8")),
                f.path("multiline").asBoolean(false));
        List<FieldSpec> fields = new ArrayList<>();
        for (JsonNode n : root.path("fields")) {
            String name = n.path("name").asText();
            fields.add(new FieldSpec(
                    name,
                    n.path("source").asText(name),
                    FieldType.fromSpecName(n.path("type").asText()),
                    strings(n.path("formats")),
                    n.path("zone").isTextual() ? n.path("zone").textValue() : null,
                    n.path("required").asBoolean(false),
                    n.path("pattern").isTextual() ? n.path("pattern").textValue() : null,
                    bound(n.path("min")),
                    bound(n.path("max")),
                    n.path("minLength").isInt() ? n.path("minLength").intValue() : null,
                    n.path("maxLength").isInt() ? n.path("maxLength").intValue() : null,
                    new LinkedHashSet<>(strings(n.path("enum"))),
                    n.path("ignoreCase").asBoolean(false),
                    n.path("sensitive").asBoolean(false)));
        }
        List<String> rules = strings(root.path("rules")).stream().map(RuleLoader::className).toList();
        List<TransformSpec> transforms = new ArrayList<>();
        for (JsonNode t : root.path("transforms")) {
            transforms.add(transform(t));
        }
        JsonNode target = root.path("target");
        TargetSpec targetSpec = new TargetSpec(target.path("table").asText(), key(target.path("partitionKey")),
                target.has("sortKey") ? key(target.path("sortKey")) : null);
        DuplicatePolicy duplicates = DuplicatePolicy.fromSpecName(
                root.path("duplicates").path("policy").asText(DuplicatePolicy.LAST_WINS.specName()));
        Double maxReject = root.path("maxRejectPercent").isNumber() ? root.path("maxRejectPercent").doubleValue() : null;
        String canonical = Json.canonical(root);
        return new DatasetSpec(root.path("dataset").asText(), format, fields, rules, transforms, targetSpec,
                duplicates, maxReject, canonical, Json.sha256(canonical));
    }

    private static TransformSpec transform(JsonNode t) {
        String field = t.path("field").asText(null);
        return switch (t.path("op").asText()) {
            case "rename" -> new TransformSpec.Rename(field, t.path("to").asText());
            case "trim" -> new TransformSpec.Trim(strings(t.path("fields")));
            case "case" -> new TransformSpec.Case(strings(t.path("fields")), t.path("to").asText().equals("upper"));
            case "cast" -> new TransformSpec.Cast(field, FieldType.fromSpecName(t.path("to").asText()));
            case "default" -> new TransformSpec.Default(field, t.path("value"));
            case "derive" -> new TransformSpec.Derive(field, t.path("expression").asText(),
                    t.path("type").isTextual() ? FieldType.fromSpecName(t.path("type").textValue()) : null,
                    t.path("scale").isInt() ? t.path("scale").intValue() : null);
            case "drop" -> new TransformSpec.Drop(strings(t.path("fields")));
            default -> throw new IllegalStateException("unknown transform op passed the schema: " + t);
        };
    }

    private static KeySpec key(JsonNode k) {
        String name = k.path("name").asText();
        return new KeySpec(name, k.path("template").asText("{" + name + "}"));
    }

    private static String bound(JsonNode v) {
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        return v.isBigDecimal() ? v.decimalValue().toPlainString() : v.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

}
