package io.sfnetl.etl.transform.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.row.Row;
import io.sfnetl.etl.row.RowLayout;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A parsed key template: literal text and {@code {field}} placeholders; {@code {{} and {@code }}} are literal braces.
 * Immutable and thread-safe.
 */
public final class KeyTemplate {
    private final String text;
    private final List<String> literals; // literals.size() == fields.size() + 1
    private final List<String> fields;
    /** The fields' slots in the last row layout seen. */
    private volatile Slots slots;

    private record Slots(RowLayout layout, int[] at) {}

    private KeyTemplate(String text, List<String> literals, List<String> fields) {
        this.text = text;
        this.literals = List.copyOf(literals);
        this.fields = List.copyOf(fields);
    }

    /** @throws IllegalArgumentException with a message saying what is wrong (unclosed or empty placeholder, ...) */
    public static KeyTemplate parse(String text) {
        List<String> literals = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '{' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                lit.append('{');
                i += 2;
            } else if (c == '}' && i + 1 < text.length() && text.charAt(i + 1) == '}') {
                lit.append('}');
                i += 2;
            } else if (c == '{') {
                int close = text.indexOf('}', i + 1);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed '{' at position " + i + " in key template '" + text
                            + "': write {field} or {{ for a literal brace");
                }
                String field = text.substring(i + 1, close);
                if (field.isEmpty() || field.contains("{")) {
                    throw new IllegalArgumentException("empty or nested placeholder at position " + i
                            + " in key template '" + text + "': write {field}");
                }
                literals.add(lit.toString());
                lit.setLength(0);
                fields.add(field);
                i = close + 1;
            } else if (c == '}') {
                throw new IllegalArgumentException("unmatched '}' at position " + i + " in key template '" + text
                        + "': write }} for a literal brace");
            } else {
                lit.append(c);
                i++;
            }
        }
        literals.add(lit.toString());
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("key template '" + text
                    + "' names no field: a key must depend on the row, e.g. {order_id}");
        }
        return new KeyTemplate(text, literals, fields);
    }

    /** The field names the template uses, in order (may repeat). */
    public List<String> fields() {
        return fields;
    }

    /**
     * @return the rendered key: numbers in plain notation, booleans and strings as text
     * @throws IllegalArgumentException when a field is missing, null, an object or an array
     */
    public String render(ObjectNode item) {
        return render(item::get);
    }

    /** As {@link #render(ObjectNode)}, for a row without a tree. */
    public String render(Row row) {
        Slots s = slots;
        if (s == null || s.layout() != row.layout()) {
            s = new Slots(row.layout(), fields.stream().mapToInt(row.layout()::slot).toArray());
            slots = s; // racy but safe: any thread computes the same slots for a layout
        }
        if (s.at().length == 1 && literals.get(0).isEmpty() && literals.get(1).isEmpty()) {
            int at = s.at()[0];
            return text(at < 0 ? null : row.get(at), fields.get(0));
        }
        int[] at = s.at();
        return render(name -> {
            int slot = at[fields.indexOf(name)];
            return slot < 0 ? null : row.get(slot);
        });
    }

    /** True when the template is exactly one field, {@code {name}}: it renders that field's text as it is. */
    public boolean isField(String name) {
        return fields.size() == 1 && fields.get(0).equals(name) && literals.get(0).isEmpty() && literals.get(1).isEmpty();
    }

    /** @param values a field's value (a {@link Row} value or a node), or null when missing */
    private String render(Function<String, Object> values) {
        if (fields.size() == 1 && literals.get(0).isEmpty() && literals.get(1).isEmpty()) {
            return text(values.apply(fields.get(0)), fields.get(0));
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            out.append(literals.get(i)).append(text(values.apply(fields.get(i)), fields.get(i)));
        }
        return out.append(literals.get(fields.size())).toString();
    }

    private String text(Object value, String field) {
        switch (value) {
            case String s -> {
                return s;
            }
            case Long l -> {
                return l.toString();
            }
            case BigDecimal d -> {
                return d.toPlainString();
            }
            case null -> throw missing(field);
            default -> {
                JsonNode v = (JsonNode) value;
                if (v.isNull()) {
                    throw missing(field);
                }
                if (v.isContainerNode()) {
                    throw new IllegalArgumentException("key template '" + text + "' needs field '" + field
                            + "' to be a scalar, but it is " + (v.isArray() ? "an array" : "an object"));
                }
                return v.isBigDecimal() ? v.decimalValue().toPlainString() : v.asText();
            }
        }
    }

    private IllegalArgumentException missing(String field) {
        return new IllegalArgumentException("key template '" + text + "' needs field '" + field
                + "', which is missing or null in this row");
    }

    @Override
    public String toString() {
        return text;
    }
}
