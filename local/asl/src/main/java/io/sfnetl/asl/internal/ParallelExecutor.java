package io.sfnetl.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.sfnetl.asl.StatesError;
import io.sfnetl.asl.model.QueryLanguage;
import io.sfnetl.asl.model.State;

/**
 * Parallel: every branch runs on the same input, concurrently; the result is the array of branch outputs in branch
 * order. If any branch fails, the others are stopped and the state fails with that branch's error.
 */
final class ParallelExecutor {
    private ParallelExecutor() {
    }

    static Outcome execute(State.Parallel s, JsonNode raw, Scope scope) {
        boolean jsonata = s.transition().language() == QueryLanguage.JSONATA;
        JsonNode effective = jsonata ? raw : Io.input(s.io(), raw, scope);
        JsonNode branchInput = jsonata
                ? (s.io().arguments() == null ? raw
                        : Jsonata.template(s.io().arguments(), Jsonata.states(raw, null, null, scope), scope, "Arguments"))
                : Io.parameters(s.io(), effective, scope);
        long started = scope.event("ParallelStateStarted", null, null);
        JsonNode[] outputs;
        try {
            outputs = Fanout.run(s.branches().size(), 0, scope, (i, group) ->
                    Interpreter.run(s.branches().get(i), branchInput, group.nested(null, started)));
        } catch (StatesError e) {
            scope.event("ParallelStateFailed", null, null);
            throw e;
        } catch (ExecutionStopped e) {
            if (!scope.run().stopped() && scope.stopped()) {
                throw e;
            }
            scope.event("ParallelStateAborted", null, null);
            throw e;
        }
        scope.event("ParallelStateSucceeded", null, null);
        ArrayNode result = Json.NODES.arrayNode(outputs.length);
        for (JsonNode o : outputs) {
            result.add(o);
        }
        return MapExecutor.finish(s.transition().next(), s.io(), jsonata, raw, result, scope);
    }

}
