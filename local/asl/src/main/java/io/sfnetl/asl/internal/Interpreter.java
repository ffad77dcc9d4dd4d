package io.sfnetl.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.asl.model.State;
import io.sfnetl.asl.model.StateGraph;

/**
 * Runs a graph of states: enter, execute (with Retry/Catch where the state has them), assign, exit, transition.
 * Errors propagate as {@link io.sfnetl.asl.StatesError}; a stop unwinds as {@link ExecutionStopped}.
 */
public final class Interpreter {
    private Interpreter() {
    }

    /** Runs {@code graph} from its StartAt on {@code input}; returns the output of its terminal state. */
    public static JsonNode run(StateGraph graph, JsonNode input, Scope scope) {
        return run(graph, graph.startAt(), input, scope);
    }

    /**
     * Runs {@code graph} from state {@code startAt} (a resume or redrive starts at its checkpoint). The top-level
     * strand of an execution records a {@link Checkpoint} before each state.
     */
    public static JsonNode run(StateGraph graph, String startAt, JsonNode input, Scope scope) {
        String name = startAt;
        JsonNode data = input;
        String dataJson = input == scope.run().input() ? scope.run().inputJson() : Json.write(input);
        while (true) {
            scope.checkStopped();
            State state = graph.state(name);
            if (scope.isRoot()) {
                scope.run().checkpoint(new Checkpoint(name, data,
                        java.util.Collections.unmodifiableMap(new java.util.HashMap<>(scope.variables().local())),
                        scope.lastEventId()));
            }
            scope.enter(name);
            String prefix = Events.prefix(state);
            scope.event(prefix + "StateEntered", "stateEnteredEventDetails",
                    Events.entered(name, Io.checkSize(dataJson, scope, "input")));
            Outcome out;
            try {
                out = execute(state, data, scope);
                // A result that arrives after a stop is discarded, as Step Functions discards it.
                scope.checkStopped();
            } catch (ExecutionStopped e) {
                if (state instanceof State.Task || state instanceof State.Wait) {
                    scope.event(prefix + "StateAborted", null, null);
                }
                throw e;
            }
            scope.variables().assign(out.assigned());
            String outJson = Io.checkSize(Json.write(out.output()), scope, "output");
            scope.event(prefix + "StateExited", "stateExitedEventDetails", Events.exited(name, outJson, out.assigned()));
            if (out.next() == null) {
                scope.lastOutput(out.output(), outJson);
                return out.output();
            }
            name = out.next();
            data = out.output();
            dataJson = outJson;
        }
    }

    private static Outcome execute(State state, JsonNode input, Scope scope) {
        var lang = state.transition().language();
        return switch (state) {
            case State.Pass s -> PassExecutor.execute(s, input, scope);
            case State.Task s -> Retries.run(s.retry(), s.catchers(), input, scope, lang,
                    () -> TaskExecutor.execute(s, input, scope));
            case State.Choice s -> ChoiceExecutor.execute(s, input, scope);
            case State.Wait s -> WaitExecutor.execute(s, input, scope);
            case State.Succeed s -> SucceedExecutor.execute(s, input, scope);
            case State.Fail s -> throw FailExecutor.error(s, input, scope);
            case State.Parallel s -> Retries.run(s.retry(), s.catchers(), input, scope, lang,
                    () -> ParallelExecutor.execute(s, input, scope));
            case State.Map s -> Retries.run(s.retry(), s.catchers(), input, scope, lang,
                    () -> s.config().mode() == io.sfnetl.asl.model.MapConfig.Mode.INLINE
                            ? MapExecutor.execute(s, input, scope)
                            : DistributedMapExecutor.execute(s, input, scope));
        };
    }

}
