package io.sfnetl.etl.spec;

import java.util.Locale;

/** The type of a dataset field, and of the value a valid row holds for it. */
public enum FieldType {
    /** Text, kept as is. */
    STRING,
    /** Whole number: a JSON integer (long, or BigInteger beyond 64 bits). */
    INTEGER,
    /** Exact decimal: a JSON number held as BigDecimal (never a double). */
    DECIMAL,
    /** true/false (accepted spellings: true/false, yes/no, y/n, 1/0, case-insensitive). */
    BOOLEAN,
    /** Calendar date; a valid row holds it as an ISO {@code YYYY-MM-DD} string. */
    DATE,
    /** Point in time; a valid row holds it as an ISO-8601 instant string ({@code 2024-01-31T12:00:00Z}). */
    TIMESTAMP;

    /** The name used in the spec ({@code string}, {@code integer}, ...). */
    public String specName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for a name that is not a type */
    public static FieldType fromSpecName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
