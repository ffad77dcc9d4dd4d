package io.sfnetl.asl.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A state of an Amazon States Language definition: one record per state type (states-language.net "State Types").
 * Dispatch with an exhaustive {@code switch}; adding a type breaks the build where it must be handled.
 */
public sealed interface State {

    /** The fields every state has. */
    Transition transition();

    default String name() {
        return transition().name();
    }

    /** {@code Pass}: passes its input (or {@code Result}) to its output. */
    record Pass(Transition transition, DataFlow io, JsonNode result) implements State {
    }

    /**
     * {@code Task}: invokes {@code resource} through the engine's TaskInvoker.
     *
     * @param timeout TimeoutSeconds / TimeoutSecondsPath (null when absent)
     * @param heartbeat HeartbeatSeconds / HeartbeatSecondsPath (null when absent)
     */
    record Task(Transition transition, DataFlow io, String resource, Seconds timeout, Seconds heartbeat,
            List<Retrier> retry, List<Catcher> catchers) implements State {
    }

    /** {@code Choice}: the first matching branch's Next, else {@code Default}, else States.NoChoiceMatched. */
    record Choice(Transition transition, DataFlow io, List<ChoiceRule.Branch> choices, String defaultNext)
            implements State {
    }

    /** {@code Wait}: waits Seconds[Path] or until Timestamp[Path] (timestamp: literal or JSONata string). */
    record Wait(Transition transition, DataFlow io, Seconds seconds, JsonNode timestamp, String timestampPath)
            implements State {
    }

    /** {@code Succeed}: ends the graph successfully. */
    record Succeed(Transition transition, DataFlow io) implements State {
    }

    /** {@code Fail}: ends the execution with Error and Cause (literal, path or JSONata). */
    record Fail(Transition transition, JsonNode error, String errorPath, JsonNode cause, String causePath)
            implements State {
    }

    /** {@code Parallel}: runs every branch on a copy of the input; output is the array of branch outputs. */
    record Parallel(Transition transition, DataFlow io, List<StateGraph> branches, List<Retrier> retry,
            List<Catcher> catchers) implements State {
    }

    /** {@code Map}: runs the item processor for each item, inline or as a Distributed Map's child executions. */
    record Map(Transition transition, DataFlow io, StateGraph processor, MapConfig config, List<Retrier> retry,
            List<Catcher> catchers) implements State {
    }

    /**
     * A number of seconds given literally, by a JSONPath reference path, or by a JSONata expression.
     * Exactly one of {@code value}, {@code path}, {@code expression} is set.
     */
    record Seconds(Long value, String path, JsonNode expression) {
        public static Seconds of(long v) {
            return new Seconds(v, null, null);
        }
    }
}
