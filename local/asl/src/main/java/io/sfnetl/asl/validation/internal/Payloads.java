package io.sfnetl.asl.validation.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Checks values that carry expressions: JSONPath payload templates ({@code "key.$": "$.path"} or an intrinsic),
 * JSONata values ({@code "{% expression %}"} strings anywhere inside), and Assign blocks.
 */
final class Payloads {
    private final Problems p;

    Payloads(Problems p) {
        this.p = p;
    }

    /** A JSONPath payload template: every {@code .$} key holds a Path or an intrinsic function. */
    void jsonPathTemplate(JsonNode node, String at) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                var e = it.next();
                String key = e.getKey();
                String kat = Problems.at(at, key);
                if (key.endsWith(".$")) {
                    if (key.length() == 2) {
                        p.add(kat, "the key '.$' has no name; write \"name.$\": \"$.path\"");
                    }
                    if (!e.getValue().isTextual()) {
                        p.add(kat, "a key ending in '.$' must hold a path or an intrinsic function as a string, found "
                                + Problems.type(e.getValue()) + "; drop the '.$' for a literal value");
                        continue;
                    }
                    String error = PathSyntax.pathOrIntrinsicError(e.getValue().textValue());
                    if (error != null) {
                        p.add(kat, error + "; a key ending in '.$' must hold a path ($..., $$..., $variable) or an "
                                + "intrinsic function (States....)");
                    }
                } else {
                    jsonPathTemplate(e.getValue(), kat);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                jsonPathTemplate(node.get(i), Problems.at(at, i));
            }
        }
    }

    /** A JSONata value: no {@code .$} keys, every {@code {% %}} string parses. */
    void jsonataValue(JsonNode node, String at) {
        if (node.isTextual()) {
            String s = node.textValue();
            if (JsonataSyntax.isExpression(s) || s.strip().endsWith("%}")) {
                String error = JsonataSyntax.error(s);
                if (error != null) {
                    p.add(at, error);
                }
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                var e = it.next();
                String kat = Problems.at(at, e.getKey());
                if (e.getKey().endsWith(".$")) {
                    p.add(kat, "JSONata states do not use '.$' keys; write \"" + e.getKey().substring(0, e.getKey().length() - 2)
                            + "\": \"{% expression %}\" instead");
                }
                jsonataValue(e.getValue(), kat);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                jsonataValue(node.get(i), Problems.at(at, i));
            }
        }
    }

    /** A value that must be an object payload in either language ({@code Parameters}, {@code Arguments}, ...). */
    void objectPayload(JsonNode node, String at, String field, QueryLanguage language, boolean expressionAllowed) {
        if (language == QueryLanguage.JSONATA && node.isTextual() && expressionAllowed) {
            jsonataValue(node, at);
            return;
        }
        if (!node.isObject()) {
            p.add(at, "'" + field + "' must be an object" + (expressionAllowed && language == QueryLanguage.JSONATA
                    ? " or a \"{% expression %}\" string" : "") + ", found " + Problems.type(node));
            return;
        }
        if (language == QueryLanguage.JSONPATH) {
            jsonPathTemplate(node, at);
        } else {
            jsonataValue(node, at);
        }
    }

    /** {@code Assign}: an object of variable names to values (JSONPath: {@code name.$} keys hold paths). */
    void assign(JsonNode node, String at, QueryLanguage language) {
        if (!node.isObject()) {
            p.add(at, "'Assign' must be an object of variable names to values, found " + Problems.type(node));
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            String key = e.getKey();
            String name = language == QueryLanguage.JSONPATH && key.endsWith(".$") ? key.substring(0, key.length() - 2) : key;
            if (!PathSyntax.isVariableName(name)) {
                p.add(Problems.at(at, key), "'" + name + "' is not a valid variable name: use letters, digits and _, "
                        + "not starting with a digit, at most 80 characters, and not 'states'");
            }
        }
        if (language == QueryLanguage.JSONPATH) {
            jsonPathTemplate(node, at);
        } else {
            jsonataValue(node, at);
        }
    }

    /**
     * A field that holds a number in JSONPath states and a number or an expression in JSONata states.
     * Returns the node if it is a number to check further, else null.
     */
    JsonNode numberOrExpression(JsonNode node, String at, String field, QueryLanguage language) {
        if (node.isNumber()) {
            return node;
        }
        if (language == QueryLanguage.JSONATA && node.isTextual()) {
            String error = JsonataSyntax.error(node.textValue());
            if (error != null) {
                p.add(at, "'" + field + "' must be a number or a \"{% expression %}\": " + error);
            }
            return null;
        }
        p.add(at, "'" + field + "' must be a number" + (language == QueryLanguage.JSONATA ? " or a \"{% expression %}\"" : "")
                + ", found " + Problems.type(node) + (language == QueryLanguage.JSONPATH && node.isTextual()
                ? "; to read it from the input use '" + field + "Path'" : ""));
        return null;
    }

    /** A Reference Path field ({@code ResultPath}, {@code *Path} numbers); null allowed only where {@code nullable}. */
    void referencePath(JsonNode node, String at, String field, boolean nullable) {
        path(node, at, field, nullable, true);
    }

    /** A Path field ({@code InputPath}, {@code OutputPath}, Choice {@code Variable}). */
    void path(JsonNode node, String at, String field, boolean nullable) {
        path(node, at, field, nullable, false);
    }

    private void path(JsonNode node, String at, String field, boolean nullable, boolean reference) {
        if (node.isNull() && nullable) {
            return;
        }
        if (!node.isTextual()) {
            p.add(at, "'" + field + "' must be a " + (reference ? "reference " : "") + "path string such as \"$.field\""
                    + (nullable ? " or null" : "") + ", found " + Problems.type(node));
            return;
        }
        String error = reference ? PathSyntax.referencePathError(node.textValue()) : PathSyntax.pathError(node.textValue());
        if (error != null) {
            p.add(at, error);
        }
    }
}
