package io.sfnetl.asl.model;

/**
 * A parsed state machine definition.
 *
 * @param graph the top-level states
 * @param language the top-level QueryLanguage (JSONPath by default)
 * @param timeoutSeconds the execution's TimeoutSeconds, or null for none
 * @param comment the Comment, or null
 */
public record Definition(StateGraph graph, QueryLanguage language, Long timeoutSeconds, String comment) {
}
