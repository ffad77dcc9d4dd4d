package io.sfnetl.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;

/**
 * Workflow variables of one scope (Developer Guide, "Passing data between states with variables"): the top level,
 * a Parallel branch or a Map iteration. A scope reads its own variables, then its parents'; assignments stay in the
 * scope. A Distributed Map's child execution starts a new root scope (it cannot see outer variables).
 * Confined to the strand that owns it; outer scopes are only read while their owner waits for the inner ones.
 */
public final class Variables {
    private final Variables parent;
    private final Map<String, JsonNode> values = new HashMap<>();

    public Variables(Variables parent) {
        this.parent = parent;
    }

    public JsonNode get(String name) {
        JsonNode v = values.get(name);
        return v != null || parent == null ? v : parent.get(name);
    }

    /** Assigns all at once, as AWS does: every value was computed before any is set. */
    public void assign(Map<String, JsonNode> assignments) {
        values.putAll(assignments);
    }

    /** Every variable visible here (inner scopes shadow outer ones). */
    public Map<String, JsonNode> visible() {
        Map<String, JsonNode> all = parent == null ? new HashMap<>() : parent.visible();
        all.putAll(values);
        return all;
    }

    /** The variables of this scope only (for stateExited's assignedVariables). */
    public Map<String, JsonNode> local() {
        return values;
    }
}
