package io.sfnetl.asl.model;

/**
 * The fields every state shares.
 *
 * @param name the state's name
 * @param location JSON Pointer of the state, e.g. {@code /States/Load}
 * @param language the effective query language (state's own, else the top-level one)
 * @param next the {@code Next} state, or null when {@code End} is true or the state is terminal by type
 */
public record Transition(String name, String location, QueryLanguage language, String next) {
    /** True when the state ends its graph ({@code End: true}, Succeed, Fail). */
    public boolean end() {
        return next == null;
    }
}
