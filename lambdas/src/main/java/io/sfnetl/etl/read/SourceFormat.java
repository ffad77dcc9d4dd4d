package io.sfnetl.etl.read;

import java.util.Locale;

/** The shape of a source object, as the dataset spec's {@code format.type} names it. */
public enum SourceFormat {
    /** Delimited text (RFC 4180 with the spec's dialect). */
    CSV("csv"),
    /** JSON Lines: one JSON object per line. */
    JSONL("jsonl"),
    /** One JSON array of objects. */
    JSON("json");

    private final String specName;

    SourceFormat(String specName) {
        this.specName = specName;
    }

    /** The name used in the dataset spec ({@code csv}, {@code jsonl}, {@code json}). */
    public String specName() {
        return specName;
    }

    /**
     * @param name a spec name, case-insensitive
     * @throws IllegalArgumentException when the name is not one of {@code csv}, {@code jsonl}, {@code json}
     */
    public static SourceFormat fromSpecName(String name) {
        for (SourceFormat f : values()) {
            if (f.specName.equals(name.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown source format '" + name + "': use csv, jsonl or json");
    }
}
