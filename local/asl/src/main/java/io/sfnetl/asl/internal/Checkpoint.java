package io.sfnetl.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Where an execution's top-level strand stands before it enters a state: the state, its input, the top-level
 * variables and the id of the last event recorded. Resuming after a crash and RedriveExecution both restart from the
 * last checkpoint (the state that was running, or that failed). Immutable.
 *
 * @param variables the top-level variables (never null; values never null)
 */
public record Checkpoint(String state, JsonNode input, Map<String, JsonNode> variables, long lastEventId) {
}
