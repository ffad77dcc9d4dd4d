package io.sfnetl.asl.validation.internal;

/** The two query languages of ASL ({@code "QueryLanguage": "JSONPath" | "JSONata"}). */
public enum QueryLanguage {
    JSONPATH("JSONPath"), JSONATA("JSONata");

    private final String aslName;

    QueryLanguage(String aslName) {
        this.aslName = aslName;
    }

    public String aslName() {
        return aslName;
    }

    public static QueryLanguage of(String name) {
        for (QueryLanguage q : values()) {
            if (q.aslName.equals(name)) {
                return q;
            }
        }
        return null;
    }
}
