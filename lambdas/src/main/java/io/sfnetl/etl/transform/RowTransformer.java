package io.sfnetl.etl.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.spec.TransformSpec;
import io.sfnetl.etl.transform.internal.Casts;
import io.sfnetl.etl.transform.internal.JsonataBridge;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Applies a spec's ordered transforms to valid rows and then sets the target key attributes ({@link KeyOf}). Built
 * once per spec; thread-safe (JSONata expressions are compiled once per thread). Transforms on a field that is absent
 * from the row (an optional field with no value) do nothing, except {@code default} and {@code derive}.
 */
public final class RowTransformer {
    private final List<TransformSpec> steps;
    private final List<JsonataBridge> expressions; // per step, null where not a derive
    private final KeyOf keyOf;

    private RowTransformer(DatasetSpec spec) {
        this.steps = spec.transforms();
        List<JsonataBridge> e = new ArrayList<>();
        for (TransformSpec t : steps) {
            e.add(t instanceof TransformSpec.Derive d ? new JsonataBridge(d.expression()) : null);
        }
        this.expressions = e;
        this.keyOf = KeyOf.of(spec);
    }

    /** @param spec a parsed spec (its expressions and templates were checked by the parser) */
    public static RowTransformer of(DatasetSpec spec) {
        return new RowTransformer(spec);
    }

    /**
     * @param validRow a row from {@link io.sfnetl.etl.rules.Validation.Valid#row()}; not modified (a copy is
     *     transformed)
     * @return Ok with the item (key attributes set), or Failed with every reason, each naming the transform
     *     ({@code transform 3 (derive 'total'): ...}) or the key
     */
    public Transformed transform(ObjectNode validRow) {
        ObjectNode item = validRow.deepCopy();
        List<String> reasons = new ArrayList<>(0);
        for (int i = 0; i < steps.size(); i++) {
            try {
                apply(i, item);
            } catch (IllegalArgumentException | ArithmeticException e) {
                reasons.add("transform " + i + " (" + describe(steps.get(i)) + "): " + e.getMessage());
            }
        }
        if (reasons.isEmpty()) {
            try {
                keyOf.apply(item);
            } catch (IllegalArgumentException e) {
                reasons.add("target key: " + e.getMessage());
            }
        }
        return reasons.isEmpty() ? new Transformed.Ok(item) : new Transformed.Failed(reasons);
    }

    /** The key computer this transformer uses. */
    public KeyOf keyOf() {
        return keyOf;
    }

    private void apply(int index, ObjectNode item) {
        switch (steps.get(index)) {
            case TransformSpec.Rename r -> {
                JsonNode v = item.remove(r.field());
                if (v != null) {
                    item.set(r.to(), v);
                }
            }
            case TransformSpec.Trim t -> mapText(item, t.fields(), String::strip);
            case TransformSpec.Case c -> mapText(item, c.fields(),
                    c.upper() ? s -> s.toUpperCase(Locale.ROOT) : s -> s.toLowerCase(Locale.ROOT));
            case TransformSpec.Cast c -> {
                JsonNode v = item.get(c.field());
                if (v != null && !v.isNull()) {
                    item.set(c.field(), Casts.cast(v, c.to()));
                }
            }
            case TransformSpec.Default d -> {
                JsonNode v = item.get(d.field());
                if (v == null || v.isNull() || (v.isTextual() && v.textValue().isEmpty())) {
                    item.set(d.field(), d.value().deepCopy());
                }
            }
            case TransformSpec.Derive d -> {
                JsonNode v = expressions.get(index).evaluate(item);
                if (v == null) {
                    item.remove(d.field());
                    return;
                }
                if (d.type() != null) {
                    v = Casts.cast(v, d.type());
                }
                if (d.scale() != null && v.isNumber()) {
                    BigDecimal scaled = v.decimalValue().setScale(d.scale(), RoundingMode.HALF_EVEN);
                    v = io.sfnetl.etl.spec.internal.Json.NODES.numberNode(scaled);
                }
                item.set(d.field(), v);
            }
            case TransformSpec.Drop d -> d.fields().forEach(item::remove);
        }
    }

    private static void mapText(ObjectNode item, List<String> fields, UnaryOperator<String> f) {
        if (fields.isEmpty()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isTextual()) {
                    String before = e.getValue().textValue();
                    String after = f.apply(before);
                    if (!after.equals(before)) {
                        e.setValue(item.textNode(after));
                    }
                }
            }
            return;
        }
        for (String name : fields) {
            JsonNode v = item.get(name);
            if (v != null && v.isTextual()) {
                String after = f.apply(v.textValue());
                if (!after.equals(v.textValue())) {
                    item.put(name, after);
                }
            }
        }
    }

    private static String describe(TransformSpec t) {
        return switch (t) {
            case TransformSpec.Rename r -> "rename '" + r.field() + "'";
            case TransformSpec.Trim x -> "trim";
            case TransformSpec.Case c -> "case " + (c.upper() ? "upper" : "lower");
            case TransformSpec.Cast c -> "cast '" + c.field() + "' to " + c.to().specName();
            case TransformSpec.Default d -> "default '" + d.field() + "'";
            case TransformSpec.Derive d -> "derive '" + d.field() + "'";
            case TransformSpec.Drop d -> "drop";
        };
    }
}
