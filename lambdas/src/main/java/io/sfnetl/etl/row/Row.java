package io.sfnetl.etl.row;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.spec.internal.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A typed row of the ETL core without a JSON tree: values by {@link RowLayout} slot, in insertion order — exactly the
 * order and values a Jackson {@link ObjectNode} would hold after the same puts and removes ({@link #toNode()} builds
 * that tree). Validation fills it, transforms change it in place, the staging writer writes it directly.
 *
 * <p>A value is a {@link String} (a JSON string), a {@link Long} (an integer node of a {@code long}), a
 * {@link BigDecimal} (an exact decimal node), or any other {@link JsonNode} (booleans, big integers, nulls, objects,
 * arrays, int nodes read back from staging); {@link #value(JsonNode)} puts a node into this form. A missing slot is
 * {@code null}. Not thread-safe.
 */
public final class Row {
    private final RowLayout layout;
    private final Object[] values;
    /** Slots holding a value, in insertion order (an ObjectNode's LinkedHashMap order). */
    private final int[] order;
    private int size;

    public Row(RowLayout layout) {
        this.layout = layout;
        this.values = new Object[layout.size()];
        this.order = new int[layout.size()];
    }

    /**
     * The row of an object's fields (a copy: later changes to either do not show in the other). Names outside
     * {@code layout} extend it for this row.
     */
    public static Row of(RowLayout layout, ObjectNode node) {
        RowLayout l = layout;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            if (layout.slot(it.next()) < 0) {
                List<String> names = new ArrayList<>();
                node.fieldNames().forEachRemaining(names::add);
                l = layout.extend(names);
                break;
            }
        }
        Row row = new Row(l);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            row.set(l.slot(e.getKey()), value(v.isContainerNode() ? v.deepCopy() : v));
        }
        return row;
    }

    /** A node as a row value: text, long and decimal nodes as String, Long and BigDecimal; others as they are. */
    public static Object value(JsonNode v) {
        if (v.getNodeType() == JsonNodeType.STRING) {
            return v.textValue();
        }
        if (v.isLong()) {
            return v.longValue();
        }
        if (v.isBigDecimal()) {
            return v.decimalValue();
        }
        return v;
    }

    /** A row value as a node (the inverse of {@link #value(JsonNode)}). */
    public static JsonNode node(Object v) {
        return switch (v) {
            case String s -> Json.NODES.textNode(s);
            case Long l -> Json.NODES.numberNode(l);
            case BigDecimal d -> Json.NODES.numberNode(d);
            case JsonNode n -> n;
            default -> throw new IllegalArgumentException("not a row value: " + v.getClass().getName());
        };
    }

    public RowLayout layout() {
        return layout;
    }

    /** @return the value of a slot, or null when absent */
    public Object get(int slot) {
        return values[slot];
    }

    /** @return the value of a name, or null when absent or not in the layout */
    public Object get(String name) {
        int slot = layout.slot(name);
        return slot < 0 ? null : values[slot];
    }

    /** Sets a slot: replaces a present value in place, or appends the slot to the order. @param v non-null */
    public void set(int slot, Object v) {
        if (values[slot] == null) {
            order[size++] = slot;
        }
        values[slot] = v;
    }

    /** Removes a slot's value. @return the value removed, or null */
    public Object remove(int slot) {
        Object v = values[slot];
        if (v != null) {
            values[slot] = null;
            for (int i = 0; i < size; i++) {
                if (order[i] == slot) {
                    System.arraycopy(order, i + 1, order, i, size - i - 1);
                    size--;
                    break;
                }
            }
        }
        return v;
    }

    /** The number of values. */
    public int size() {
        return size;
    }

    /** The slot of the {@code i}-th value in insertion order ({@code 0 <= i < size()}). */
    public int slotAt(int i) {
        return order[i];
    }

    /** The row as a new tree, as an ObjectNode after the same puts would be. */
    public ObjectNode toNode() {
        ObjectNode o = Json.object();
        for (int i = 0; i < size; i++) {
            int slot = order[i];
            o.set(layout.name(slot), node(values[slot]));
        }
        return o;
    }

    @Override
    public String toString() {
        return toNode().toString();
    }
}
