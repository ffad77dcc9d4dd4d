package io.sfnetl.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.asl.ErrorNames;
import io.sfnetl.asl.StatesError;
import io.sfnetl.asl.intrinsics.Intrinsics;
import io.sfnetl.asl.model.State;

/** Fail: the error it ends with, from Error/Cause (literal or JSONata) or ErrorPath/CausePath (path or intrinsic). */
final class FailExecutor {
    private FailExecutor() {
    }

    /** The error the Fail state ends with (returned, for the caller to throw). */
    static StatesError error(State.Fail s, JsonNode raw, Scope scope) {
        return new StatesError(text(s.error(), s.errorPath(), raw, scope, "Error"),
                text(s.cause(), s.causePath(), raw, scope, "Cause"));
    }

    private static String text(JsonNode literal, String path, JsonNode raw, Scope scope, String field) {
        JsonNode v;
        if (path != null) {
            v = Intrinsics.isIntrinsic(path) ? Intrinsics.evaluate(path, p -> Paths.readOrMissing(p, raw, scope))
                    : Paths.read(path, raw, scope, field + "Path");
        } else if (Jsonata.isExpression(literal)) {
            v = Jsonata.template(literal, Jsonata.states(raw, null, null, scope), scope, field);
        } else {
            return literal == null ? "" : literal.asText();
        }
        if (v == null || !v.isTextual()) {
            throw new StatesError(ErrorNames.RUNTIME, "The " + field + (path != null ? "Path '" + path + "'" : "")
                    + " of Fail state '" + scope.stateName() + "' must give a string, but it gave "
                    + (v == null ? "nothing" : Json.write(v)));
        }
        return v.asText();
    }
}
