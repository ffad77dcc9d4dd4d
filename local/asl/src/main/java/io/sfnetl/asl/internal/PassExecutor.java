package io.sfnetl.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.asl.model.QueryLanguage;
import io.sfnetl.asl.model.State;

/** Pass: the result is {@code Result}, else Parameters, else the effective input. */
final class PassExecutor {
    private PassExecutor() {
    }

    static Outcome execute(State.Pass s, JsonNode raw, Scope scope) {
        String next = s.transition().next();
        if (s.transition().language() == QueryLanguage.JSONATA) {
            var states = Jsonata.states(raw, null, null, scope);
            var assigned = Jsonata.assign(s.io().assign(), states, scope);
            JsonNode out = s.io().output() == null ? raw : Jsonata.template(s.io().output(), states, scope, "Output");
            return new Outcome(next, out, assigned);
        }
        JsonNode effective = Io.input(s.io(), raw, scope);
        JsonNode result = s.result() != null ? s.result() : Io.parameters(s.io(), effective, scope);
        return new Outcome(next, Io.output(s.io(), raw, result, scope), Io.assign(s.io().assign(), result, scope));
    }
}
