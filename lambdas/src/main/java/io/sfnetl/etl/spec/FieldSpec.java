package io.sfnetl.etl.spec;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/**
 * One field of a dataset ({@code fields[i]} in the spec) with its type and rules. A valid row holds the field under
 * {@code name}.
 *
 * @param name the field's name in rows (unique within the spec)
 * @param source CSV column name or JSON property (a JSON Pointer when it starts with {@code /}); defaults to name
 * @param type the value type
 * @param formats accepted input formats for date/timestamp ({@link java.time.format.DateTimeFormatter} patterns, or
 *     {@code iso}, {@code epochSeconds}, {@code epochMillis}); empty = ISO only
 * @param zone time zone id applied to timestamps without an offset (default UTC)
 * @param required true when a missing or empty value is a reject
 * @param pattern regular expression (Java syntax, "find" semantics like JSON Schema; anchor it with ^...$) the
 *     string value must match, or null
 * @param min inclusive lower bound: a number for integer/decimal, an ISO date/instant for date/timestamp, or null
 * @param max inclusive upper bound (as {@code min}), or null
 * @param minLength minimum length in characters (code points) of the text, or null
 * @param maxLength maximum length in characters (code points) of the text, or null
 * @param enumValues the allowed values (compared with the text), or empty for any
 * @param ignoreCase true when {@code enumValues} are compared ignoring case
 * @param sensitive true when the value must never be shown or logged (masked as {@code ****})
 */
public record FieldSpec(
        String name, String source, FieldType type, List<String> formats, String zone, boolean required,
        String pattern, String min, String max, Integer minLength, Integer maxLength, Set<String> enumValues,
        boolean ignoreCase, boolean sensitive) {
    public FieldSpec {
        formats = List.copyOf(formats);
        enumValues = Set.copyOf(enumValues);
    }

    /** {@code min} as a number (integer/decimal fields only). */
    public BigDecimal minNumber() {
        return min == null ? null : new BigDecimal(min);
    }

    /** {@code max} as a number (integer/decimal fields only). */
    public BigDecimal maxNumber() {
        return max == null ? null : new BigDecimal(max);
    }
}
