package io.sfnetl.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.asl.ErrorNames;
import io.sfnetl.asl.StatesError;
import io.sfnetl.asl.model.DataFlow;
import java.util.Map;

/**
 * JSONPath input and output processing, in AWS's order (Developer Guide, "Processing input and output"):
 * InputPath → Parameters → (task) → ResultSelector → ResultPath (onto the raw input) → OutputPath. Assign sees the
 * selected result. A path field given as null discards (InputPath/OutputPath → {}, ResultPath → keep the input).
 */
public final class Io {
    private Io() {
    }

    /** InputPath. */
    public static JsonNode input(DataFlow io, JsonNode raw, Scope scope) {
        if (io.inputPath() == null) {
            return Json.object();
        }
        return io.inputPath().equals("$") ? raw : Paths.read(io.inputPath(), raw, scope, "InputPath");
    }

    /** Parameters (the effective input when absent). */
    public static JsonNode parameters(DataFlow io, JsonNode effective, Scope scope) {
        return io.parameters() == null ? effective : Templates.apply(io.parameters(), effective, scope, "Parameters");
    }

    /** ResultSelector (the result when absent). */
    public static JsonNode selectResult(DataFlow io, JsonNode result, Scope scope) {
        return io.resultSelector() == null ? result : Templates.apply(io.resultSelector(), result, scope, "ResultSelector");
    }

    /** Assign evaluated with {@code $} = {@code dollar}; empty when absent. */
    public static Map<String, JsonNode> assign(JsonNode assign, JsonNode dollar, Scope scope) {
        return assign == null ? Map.of() : Templates.assignments(assign, dollar, scope);
    }

    /** ResultPath then OutputPath. */
    public static JsonNode output(DataFlow io, JsonNode raw, JsonNode result, Scope scope) {
        return outputPath(io, Paths.put(io.resultPath(), raw, result), scope);
    }

    /** OutputPath. */
    public static JsonNode outputPath(DataFlow io, JsonNode data, Scope scope) {
        if (io.outputPath() == null) {
            return Json.object();
        }
        return io.outputPath().equals("$") ? data : Paths.read(io.outputPath(), data, scope, "OutputPath");
    }

    /** A whole number of seconds from a literal or reference path (read in {@code input}); null when absent. */
    public static Long seconds(io.sfnetl.asl.model.State.Seconds s, JsonNode input, Scope scope, String field) {
        if (s == null) {
            return null;
        }
        if (s.value() != null) {
            return s.value();
        }
        if (s.path() != null) {
            JsonNode v = Paths.read(s.path(), input, scope, field + "Path");
            if (!v.canConvertToLong() || v.asLong() < 0 || !v.isIntegralNumber()) {
                throw new StatesError(ErrorNames.RUNTIME, "The value of " + field + "Path '" + s.path()
                        + "' must be a non-negative integer, but it is " + Json.write(v));
            }
            return v.asLong();
        }
        return Jsonata.longValue(s.expression(), Jsonata.states(input, null, null, scope), scope, field);
    }

    /** Fails with States.DataLimitExceeded when {@code json} exceeds the payload quota. */
    public static String checkSize(String json, Scope scope, String what) {
        int max = scope.settings().maxPayloadBytes();
        if (json.length() > max / 4 && Json.size(json) > max) {
            throw new StatesError(ErrorNames.DATA_LIMIT_EXCEEDED, "The " + what + " of state '" + scope.stateName()
                    + "' has " + Json.size(json) + " bytes, above the maximum of " + max + " bytes (256 KiB); "
                    + "pass large data through S3 and keep only a reference in the state");
        }
        return json;
    }
}
