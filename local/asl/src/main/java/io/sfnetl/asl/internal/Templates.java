package io.sfnetl.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.ErrorNames;
import io.sfnetl.asl.StatesError;
import io.sfnetl.asl.intrinsics.Intrinsics;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSONPath payload templates (states-language.net "Payload Template"): Parameters, ResultSelector, ItemSelector and
 * Assign. A key ending in {@code .$} takes the value of its path or intrinsic function; other values are copied, nested
 * objects and arrays are processed recursively.
 */
public final class Templates {
    private Templates() {
    }

    /** Evaluates {@code template} against {@code input}. */
    public static JsonNode apply(JsonNode template, JsonNode input, Scope scope, String field) {
        if (template.isObject()) {
            ObjectNode out = Json.object();
            Iterator<Map.Entry<String, JsonNode>> it = template.fields();
            while (it.hasNext()) {
                var e = it.next();
                String key = e.getKey();
                if (key.endsWith(".$") && e.getValue().isTextual()) {
                    out.set(key.substring(0, key.length() - 2), value(e.getValue().asText(), input, scope, field, key));
                } else {
                    out.set(key, apply(e.getValue(), input, scope, field));
                }
            }
            return out;
        }
        if (template.isArray()) {
            ArrayNode out = Json.NODES.arrayNode(template.size());
            template.forEach(v -> out.add(apply(v, input, scope, field)));
            return out;
        }
        return template;
    }

    private static JsonNode value(String expr, JsonNode input, Scope scope, String field, String key) {
        if (Intrinsics.isIntrinsic(expr)) {
            return Intrinsics.evaluate(expr, p -> Paths.readOrMissing(p, input, scope));
        }
        JsonNode v = Paths.readOrMissing(expr, input, scope);
        if (v.isMissingNode()) {
            throw new StatesError(ErrorNames.RUNTIME, "An error occurred while executing the state '" + scope.stateName()
                    + "'. The JSONPath '" + expr + "' specified for the field '" + key + "' (" + field
                    + ") could not be found in the input '" + Paths.abbreviate(Json.write(input)) + "'");
        }
        return v;
    }

    /** Evaluates a JSONPath {@code Assign} object into variable values (not yet assigned). */
    public static Map<String, JsonNode> assignments(JsonNode assign, JsonNode input, Scope scope) {
        JsonNode evaluated = apply(assign, input, scope, "Assign");
        var out = new LinkedHashMap<String, JsonNode>();
        evaluated.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
