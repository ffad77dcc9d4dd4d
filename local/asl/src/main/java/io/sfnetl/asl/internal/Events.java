package io.sfnetl.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.model.State;
import java.util.Map;

/** Builders for the {@code *EventDetails} shapes of GetExecutionHistory. */
public final class Events {
    private Events() {
    }

    /** The event type prefix of a state: {@code Pass}, {@code Task}, ... */
    public static String prefix(State s) {
        return switch (s) {
            case State.Pass p -> "Pass";
            case State.Task t -> "Task";
            case State.Choice c -> "Choice";
            case State.Wait w -> "Wait";
            case State.Succeed x -> "Succeed";
            case State.Fail f -> "Fail";
            case State.Parallel p -> "Parallel";
            case State.Map m -> "Map";
        };
    }

    public static ObjectNode entered(String name, String input) {
        ObjectNode d = Json.details(3);
        d.put("name", name);
        d.put("input", input);
        d.set("inputDetails", Json.details(1).put("truncated", false));
        return d;
    }

    public static ObjectNode exited(String name, String output, Map<String, JsonNode> assigned) {
        ObjectNode d = Json.details(3);
        d.put("name", name);
        d.put("output", output);
        d.set("outputDetails", Json.details(1).put("truncated", false));
        if (!assigned.isEmpty()) {
            ObjectNode vars = d.putObject("assignedVariables");
            assigned.forEach((k, v) -> vars.put(k, Json.write(v)));
            d.putObject("assignedVariablesDetails").put("truncated", false);
        }
        return d;
    }

    public static ObjectNode error(String error, String cause) {
        ObjectNode d = Json.details(3);
        d.put("error", error);
        d.put("cause", cause);
        return d;
    }

    public static ObjectNode output(String output) {
        ObjectNode d = Json.details(3);
        d.put("output", output);
        d.set("outputDetails", Json.details(1).put("truncated", false));
        return d;
    }

    public static ObjectNode iteration(String name, int index) {
        ObjectNode d = Json.details(3);
        d.put("name", name);
        d.put("index", index);
        return d;
    }
}
