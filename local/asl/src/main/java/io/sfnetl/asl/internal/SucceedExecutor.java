package io.sfnetl.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.asl.model.QueryLanguage;
import io.sfnetl.asl.model.State;

/** Succeed: InputPath then OutputPath (JSONPath), or Output (JSONata); ends its graph. */
final class SucceedExecutor {
    private SucceedExecutor() {
    }

    static Outcome execute(State.Succeed s, JsonNode raw, Scope scope) {
        if (s.transition().language() == QueryLanguage.JSONATA) {
            JsonNode out = s.io().output() == null ? raw
                    : Jsonata.template(s.io().output(), Jsonata.states(raw, null, null, scope), scope, "Output");
            return new Outcome(null, out, null);
        }
        return new Outcome(null, Io.outputPath(s.io(), Io.input(s.io(), raw, scope), scope), null);
    }
}
