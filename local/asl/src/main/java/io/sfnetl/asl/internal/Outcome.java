package io.sfnetl.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * What a state did when it did not fail: its output, the next state (null = end of its graph) and the variables it
 * assigns (applied after the state, all at once).
 */
public record Outcome(String next, JsonNode output, Map<String, JsonNode> assigned) {
    public Outcome {
        assigned = assigned == null ? Map.of() : assigned;
    }
}
