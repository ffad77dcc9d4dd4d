package io.sfnetl.etl.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.row.Row;
import io.sfnetl.etl.row.RowLayout;
import io.sfnetl.etl.row.internal.Strings;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.spec.FieldType;
import io.sfnetl.etl.spec.TransformSpec;
import io.sfnetl.etl.transform.internal.Casts;
import io.sfnetl.etl.transform.internal.JsonataBridge;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Applies a spec's ordered transforms to valid rows and then sets the target key attributes ({@link KeyOf}). Built
 * once per spec; thread-safe (JSONata expressions are compiled once per thread). Transforms on a field that is absent
 * from the row (an optional field with no value) do nothing, except {@code default} and {@code derive}.
 */
public final class RowTransformer {
    private static final int STRIP = 0;
    private static final int UPPER = 1;
    private static final int LOWER = 2;
    private static final int RAW_DERIVE = -2;

    private final List<TransformSpec> steps;
    private final RowLayout layout;
    private final KeyOf keyOf;
    private final int partitionKeySlot;
    private final int sortKeySlot;
    /** The partition key template is {@code {<the key's own name>}}. */
    private final boolean pkIsOwnText;
    /** Per step: STRIP, UPPER or LOWER for trim and case steps, RAW_DERIVE for a scaled decimal derive, else -1. */
    private final int[] textOps;
    /** Per step, its JSONata expression (null where not a derive), and the scale of a derive (else -1). */
    private final JsonataBridge[] derives;
    private final int[] derivedScales;
    /** Per step, the layout slots of the names it uses (its field, rename target, fields list), by position. */
    private final int[][] slots;
    /** The last row layout seen compatible with {@link #layout} (saves comparing the names per row). */
    private volatile RowLayout accepted;

    private RowTransformer(DatasetSpec spec) {
        this.steps = spec.transforms();
        List<JsonataBridge> e = new ArrayList<>();
        for (TransformSpec t : steps) {
            e.add(t instanceof TransformSpec.Derive d ? new JsonataBridge(d.expression()) : null);
        }
        this.layout = RowLayout.of(spec);
        this.keyOf = KeyOf.of(spec);
        this.partitionKeySlot = layout.slot(keyOf.partitionKeyName());
        this.sortKeySlot = keyOf.sortKeyName().map(layout::slot).orElse(-1);
        this.pkIsOwnText = keyOf.partition().isField(keyOf.partitionKeyName());
        this.textOps = steps.stream().mapToInt(t -> switch (t) {
            case TransformSpec.Trim x -> STRIP;
            case TransformSpec.Case c -> c.upper() ? UPPER : LOWER;
            case TransformSpec.Derive d when d.scale() != null && (d.type() == null || d.type() == FieldType.DECIMAL)
                    -> RAW_DERIVE;
            default -> -1;
        }).toArray();
        this.derives = e.toArray(new JsonataBridge[0]);
        this.derivedScales = steps.stream().mapToInt(t -> t instanceof TransformSpec.Derive d && d.scale() != null
                ? d.scale() : -1).toArray();
        this.slots = new int[steps.size()][];
        for (int i = 0; i < steps.size(); i++) {
            slots[i] = RowLayout.usedNames(steps.get(i)).stream().mapToInt(layout::slot).toArray();
        }
    }

    /** @param spec a parsed spec (its expressions and templates were checked by the parser) */
    public static RowTransformer of(DatasetSpec spec) {
        return new RowTransformer(spec);
    }

    /**
     * @param validRow a row from {@link io.sfnetl.etl.rules.Validation.Valid#row()} or read back from staging; not
     *     modified (a copy is transformed)
     * @return Ok with the item (key attributes set), or Failed with every reason, each naming the transform
     *     ({@code transform 3 (derive 'total'): ...}) or the key
     */
    public Transformed transform(ObjectNode validRow) {
        return transform(Row.of(layout, validRow));
    }

    /**
     * Transforms a row in place (no copy): use a row from {@link io.sfnetl.etl.rules.Validation.Valid#values()} or
     * {@link io.sfnetl.etl.rules.ValidatedReader#valid()} of the same spec only once, and not afterwards (on Failed it
     * may be half transformed).
     *
     * @return Ok with this row as the item (key attributes set), or Failed as {@link #transform(ObjectNode)}
     */
    public Transformed transform(Row row) {
        Row item = row.layout() == accepted || accept(row.layout()) ? row : Row.of(layout, row.toNode());
        List<String> reasons = null;
        for (int i = 0; i < steps.size(); i++) {
            try {
                apply(i, item);
            } catch (IllegalArgumentException | ArithmeticException e) {
                if (reasons == null) {
                    reasons = new ArrayList<>(1);
                }
                reasons.add("transform " + i + " (" + describe(steps.get(i)) + "): " + e.getMessage());
            }
        }
        if (reasons == null) {
            try {
                // a key that is its own text field ({order_id} for order_id) is already in place: raw text stays raw
                String pk = pkIsOwnText && item.rawKind(partitionKeySlot) == Row.RAW_TEXT ? null
                        : keyOf.partition().render(item);
                String sk = sortKeySlot < 0 ? null : keyOf.sort().render(item);
                if (pk != null) {
                    item.set(partitionKeySlot, pk);
                }
                if (sk != null) {
                    item.set(sortKeySlot, sk);
                }
            } catch (IllegalArgumentException e) {
                reasons = List.of("target key: " + e.getMessage());
            }
        }
        return reasons == null ? new Transformed.Ok(item) : new Transformed.Failed(reasons);
    }

    private boolean accept(RowLayout other) {
        if (layout.compatible(other)) {
            accepted = other; // racy but safe: any thread may remember any compatible layout
            return true;
        }
        return false;
    }

    /** The layout of the rows this transformer makes (the spec's {@link RowLayout}). */
    public RowLayout layout() {
        return layout;
    }

    /** The key computer this transformer uses. */
    public KeyOf keyOf() {
        return keyOf;
    }

    private void apply(int index, Row item) {
        int[] at = slots[index];
        int textOp = textOps[index];
        if (textOp >= 0) {   // the most frequent steps, without the type switch's dispatch
            mapText(item, at, textOp);
        } else if (textOp == RAW_DERIVE && derives[index].rawDecimal(item, at[0], derivedScales[index])) {
            return;   // a scaled decimal derive computed on the row's raw numbers, likewise without the switch
        } else {
            applyOther(index, item, at);   // a method of its own: apply stays small enough to be inlined
        }
    }

    private void applyOther(int index, Row item, int[] at) {
        switch (steps.get(index)) {
            case TransformSpec.Rename r -> {
                Object v = item.remove(at[0]);
                if (v != null) {
                    item.set(at[1], v);
                }
            }
            case TransformSpec.Trim t -> mapText(item, at, STRIP);
            case TransformSpec.Case c -> mapText(item, at, c.upper() ? UPPER : LOWER);
            case TransformSpec.Cast c -> {
                int slot = at[0];
                Object v = item.get(slot);
                if (v != null && !(v instanceof JsonNode n && n.isNull())) {
                    item.set(slot, Row.value(Casts.cast(Row.node(v), c.to())));
                }
            }
            case TransformSpec.Default d -> {
                int slot = at[0];
                Object v = item.get(slot);
                if (v == null || (v instanceof JsonNode n && n.isNull()) || (v instanceof String s && s.isEmpty())) {
                    item.set(slot, Row.value(d.value().deepCopy()));
                }
            }
            case TransformSpec.Derive d -> {
                int slot = at[0];
                if (d.scale() != null && (d.type() == null || d.type() == FieldType.DECIMAL)) {
                    BigDecimal exact = derives[index].exactDecimal(item);
                    if (exact != null && exact.precision() <= 15) {
                        item.set(slot, exact.setScale(d.scale(), RoundingMode.HALF_EVEN));
                        return;
                    }
                }
                JsonNode v = derives[index].evaluate(item);
                if (v == null) {
                    item.remove(slot);
                    return;
                }
                if (d.type() != null) {
                    v = Casts.cast(v, d.type());
                }
                if (d.scale() != null && v.isNumber()) {
                    item.set(slot, v.decimalValue().setScale(d.scale(), RoundingMode.HALF_EVEN));
                } else {
                    item.set(slot, Row.value(v));
                }
            }
            case TransformSpec.Drop d -> {
                for (int slot : at) {
                    item.remove(slot);
                }
            }
        }
    }

    /** Maps string values of the named fields (all fields when empty), replacing in place those that change. */
    private static void mapText(Row item, int[] fields, int op) {
        if (fields.length == 0) {
            for (int i = 0; i < item.size(); i++) {
                mapText(item, item.slotAt(i), op);
            }
            return;
        }
        for (int slot : fields) {
            mapText(item, slot, op);
        }
    }

    private static void mapText(Row item, int slot, int op) {
        if (item.mapRawText(slot, op)) {
            return;
        }
        if (item.get(slot) instanceof String before) {
            // a switch, not a function per transform: one call site serving three lambdas would not be inlined
            String after = switch (op) {
                case STRIP -> Strings.strip(before);
                case UPPER -> before.toUpperCase(Locale.ROOT);
                default -> before.toLowerCase(Locale.ROOT);
            };
            if (!after.equals(before)) {
                item.set(slot, after);
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
