package io.sfnetl.asl.model;

/** The two query languages of the ASL ({@code QueryLanguage} at top level or per state). */
public enum QueryLanguage {
    JSONPATH, JSONATA;

    /** Parses the ASL spelling ({@code "JSONPath"} / {@code "JSONata"}). */
    public static QueryLanguage of(String s) {
        return switch (s) {
            case "JSONPath" -> JSONPATH;
            case "JSONata" -> JSONATA;
            default -> throw new IllegalArgumentException("QueryLanguage must be \"JSONPath\" or \"JSONata\", not \"" + s + "\"");
        };
    }
}
