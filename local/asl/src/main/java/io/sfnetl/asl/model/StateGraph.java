package io.sfnetl.asl.model;

import java.util.Map;

/**
 * A set of states with a start: the top level of a state machine, a Parallel branch, or a Map's ItemProcessor.
 *
 * @param startAt the name of the first state
 * @param states the states by name (insertion order = definition order)
 * @param location JSON Pointer of the object holding {@code StartAt}/{@code States}, for messages
 */
public record StateGraph(String startAt, Map<String, State> states, String location) {
    /** The state named {@code name}; never null for a validated graph. */
    public State state(String name) {
        return states.get(name);
    }
}
