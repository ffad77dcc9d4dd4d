package io.sfnetl.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.asl.ErrorNames;
import io.sfnetl.asl.StatesError;
import io.sfnetl.asl.model.QueryLanguage;
import io.sfnetl.asl.model.State;

/** Succeed (InputPath → OutputPath, or JSONata Output) and Fail (Error/Cause, literal, path or JSONata). */
final class TerminalExecutors {
    private TerminalExecutors() {
    }

    static Outcome succeed(State.Succeed s, JsonNode raw, Scope scope) {
        if (s.transition().language() == QueryLanguage.JSONATA) {
            JsonNode out = s.io().output() == null ? raw
                    : Jsonata.template(s.io().output(), Jsonata.states(raw, null, null, scope), scope, "Output");
            return new Outcome(null, out, null);
        }
        return new Outcome(null, Io.outputPath(s.io(), Io.input(s.io(), raw, scope), scope), null);
    }

    /** The error the Fail state ends with (returned, for the caller to throw). */
    static StatesError fail(State.Fail s, JsonNode raw, Scope scope) {
        return new StatesError(text(s.error(), s.errorPath(), raw, scope, "Error"),
                text(s.cause(), s.causePath(), raw, scope, "Cause"));
    }

    private static String text(JsonNode literal, String path, JsonNode raw, Scope scope, String field) {
        JsonNode v;
        if (path != null) {
            v = Intrinsics(path) ? io.sfnetl.asl.intrinsics.Intrinsics.evaluate(path, p -> Paths.readOrMissing(p, raw, scope))
                    : Paths.read(path, raw, scope, field + "Path");
        } else if (Jsonata.isExpression(literal)) {
            v = Jsonata.template(literal, Jsonata.states(raw, null, null, scope), scope, field);
        } else {
            return literal == null ? (field.equals("Error") ? "" : "") : literal.asText();
        }
        if (v == null || !v.isTextual()) {
            throw new StatesError(ErrorNames.RUNTIME, "The " + field + (path != null ? "Path '" + path + "'" : "")
                    + " of Fail state '" + scope.stateName() + "' must give a string, but it gave "
                    + (v == null ? "nothing" : Json.write(v)));
        }
        return v.asText();
    }

    private static boolean Intrinsics(String path) {
        return io.sfnetl.asl.intrinsics.Intrinsics.isIntrinsic(path);
    }
}
