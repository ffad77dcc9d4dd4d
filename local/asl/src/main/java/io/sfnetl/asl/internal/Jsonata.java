package io.sfnetl.asl.internal;

import com.dashjoin.jsonata.Jsonata.Frame;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.ErrorNames;
import io.sfnetl.asl.StatesError;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSONata in states (Developer Guide, "Transforming data with JSONata"): strings written {@code {% expr %}} are
 * evaluated with {@code $states} ({@code input}, {@code result}, {@code errorOutput}, {@code context}) and the
 * workflow variables bound, plus AWS's functions {@code $partition}, {@code $range}, {@code $hash}, {@code $random},
 * {@code $uuid} and {@code $parse}. Evaluation errors are {@code States.QueryEvaluationError}. Thread-safe.
 */
public final class Jsonata {
    private static final Map<String, com.dashjoin.jsonata.Jsonata> CACHE = new ConcurrentHashMap<>();

    private Jsonata() {
    }

    /** True for a string written {@code {% ... %}}. */
    public static boolean isExpression(JsonNode n) {
        return n != null && n.isTextual() && isExpression(n.asText());
    }

    static boolean isExpression(String s) {
        String t = s.strip();
        return t.startsWith("{%") && t.endsWith("%}") && t.length() >= 4;
    }

    /** The {@code $states} object. Null parts are left out. */
    public static ObjectNode states(JsonNode input, JsonNode result, JsonNode errorOutput, Scope scope) {
        ObjectNode s = Json.object();
        s.set("input", input);
        if (result != null) {
            s.set("result", result);
        }
        if (errorOutput != null) {
            s.set("errorOutput", errorOutput);
        }
        s.set("context", scope.context());
        return s;
    }

    /** Evaluates every {@code {% %}} string inside {@code template}; other values are copied. */
    public static JsonNode template(JsonNode template, ObjectNode states, Scope scope, String field) {
        if (template == null) {
            return null;
        }
        if (isExpression(template)) {
            return eval(template.asText(), states, scope, field);
        }
        if (template.isObject()) {
            ObjectNode out = Json.object();
            Iterator<Map.Entry<String, JsonNode>> it = template.fields();
            while (it.hasNext()) {
                var e = it.next();
                JsonNode v = template(e.getValue(), states, scope, field);
                if (v != null) {
                    out.set(e.getKey(), v);
                }
            }
            return out;
        }
        if (template.isArray()) {
            var out = Json.NODES.arrayNode();
            template.forEach(v -> {
                JsonNode x = template(v, states, scope, field);
                if (x != null) {
                    out.add(x);
                }
            });
            return out;
        }
        return template;
    }

    /** Evaluates an Assign object (all values computed before any is assigned). */
    public static Map<String, JsonNode> assign(JsonNode assign, ObjectNode states, Scope scope) {
        var out = new LinkedHashMap<String, JsonNode>();
        if (assign != null) {
            assign.fields().forEachRemaining(e -> {
                JsonNode v = template(e.getValue(), states, scope, "Assign");
                out.put(e.getKey(), v == null ? Json.NODES.nullNode() : v);
            });
        }
        return out;
    }

    /** A Condition: a {@code {% %}} expression or literal boolean. */
    public static boolean condition(JsonNode condition, ObjectNode states, Scope scope) {
        JsonNode v = template(condition, states, scope, "Condition");
        if (v == null || !v.isBoolean()) {
            throw new StatesError(ErrorNames.QUERY_EVALUATION_ERROR, "The Condition of state '" + scope.stateName()
                    + "' must evaluate to a boolean, but it returned " + (v == null ? "nothing" : Json.write(v)));
        }
        return v.asBoolean();
    }

    /** A whole non-negative number from an expression. */
    public static long longValue(JsonNode expr, ObjectNode states, Scope scope, String field) {
        JsonNode v = template(expr, states, scope, field);
        if (v == null || !v.canConvertToLong() || (v.isNumber() && v.asDouble() != Math.floor(v.asDouble()))
                || v.asLong() < 0 || !v.isNumber()) {
            throw new StatesError(ErrorNames.QUERY_EVALUATION_ERROR, "The " + field + " of state '" + scope.stateName()
                    + "' must evaluate to a non-negative integer, but it returned " + (v == null ? "nothing" : Json.write(v)));
        }
        return v.asLong();
    }

    /** Evaluates one {@code {% expr %}} string; null when the result is undefined. */
    public static JsonNode eval(String text, ObjectNode states, Scope scope, String field) {
        String body = text.strip();
        body = body.substring(2, body.length() - 2);
        com.dashjoin.jsonata.Jsonata expr;
        try {
            expr = CACHE.computeIfAbsent(body, Jsonata::compile);
        } catch (RuntimeException e) {
            throw new StatesError(ErrorNames.QUERY_EVALUATION_ERROR, "Invalid JSONata in " + field + " of state '"
                    + scope.stateName() + "': " + e.getMessage());
        }
        Frame frame = expr.createFrame();
        frame.bind("states", toJava(states));
        scope.variables().visible().forEach((k, v) -> frame.bind(k, toJava(v)));
        Object result;
        try {
            result = expr.evaluate(toJava(states.get("input")), frame);
        } catch (StatesError e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StatesError(ErrorNames.QUERY_EVALUATION_ERROR, "An error occurred while evaluating the JSONata "
                    + "expression '" + body.strip() + "' in " + field + " of state '" + scope.stateName() + "': "
                    + e.getMessage());
        }
        return result == null ? null : toJson(result);
    }

    private static com.dashjoin.jsonata.Jsonata compile(String body) {
        var expr = com.dashjoin.jsonata.Jsonata.jsonata(body);
        expr.registerFunction("partition", com.dashjoin.jsonata.Jsonata.function("partition",
                (com.dashjoin.jsonata.Jsonata.FnVarArgs<Object>) Jsonata::partition, null));
        expr.registerFunction("uuid", () -> UUID.randomUUID().toString());
        expr.registerFunction("random", com.dashjoin.jsonata.Jsonata.function("random",
                (com.dashjoin.jsonata.Jsonata.FnVarArgs<Object>) args -> args.isEmpty() || args.get(0) == null
                        ? Math.random() : new java.util.Random(((Number) args.get(0)).longValue()).nextDouble(), null));
        expr.registerFunction("parse", (Object s) -> {
            try {
                return toJava(Json.read(String.valueOf(s)));
            } catch (Exception e) {
                throw new StatesError(ErrorNames.QUERY_EVALUATION_ERROR, "$parse: not valid JSON: " + s);
            }
        });
        expr.registerFunction("hash", (Object data, Object alg) -> hash(String.valueOf(data), String.valueOf(alg)));
        expr.registerFunction("range", com.dashjoin.jsonata.Jsonata.function("range",
                (com.dashjoin.jsonata.Jsonata.FnVarArgs<Object>) Jsonata::range, null));
        return expr;
    }

    /** {@code $partition(array, size)}: chunks of {@code size} (the last may be shorter), like States.ArrayPartition. */
    private static Object partition(List<?> args) {
        if (args.size() != 2 || !(args.get(0) instanceof List<?> list) || !(args.get(1) instanceof Number size)
                || size.intValue() <= 0) {
            throw new StatesError(ErrorNames.QUERY_EVALUATION_ERROR, "$partition(array, size) needs an array and a "
                    + "positive chunk size");
        }
        var out = new ArrayList<Object>();
        for (int i = 0; i < list.size(); i += size.intValue()) {
            out.add(new ArrayList<>(list.subList(i, Math.min(list.size(), i + size.intValue()))));
        }
        return out;
    }

    private static Object range(List<?> args) {
        if (args.size() < 2 || args.size() > 3) {
            throw new StatesError(ErrorNames.QUERY_EVALUATION_ERROR, "$range(start, end, step?) takes 2 or 3 arguments");
        }
        long start = ((Number) args.get(0)).longValue();
        long end = ((Number) args.get(1)).longValue();
        long step = args.size() == 3 ? ((Number) args.get(2)).longValue() : 1;
        if (step == 0) {
            throw new StatesError(ErrorNames.QUERY_EVALUATION_ERROR, "$range: step must not be 0");
        }
        var out = new ArrayList<Object>();
        for (long i = start; step > 0 ? i <= end : i >= end; i += step) {
            out.add(i);
            if (out.size() > 1000) {
                throw new StatesError(ErrorNames.QUERY_EVALUATION_ERROR, "$range: at most 1000 items");
            }
        }
        return out;
    }

    private static String hash(String data, String alg) {
        String javaAlg = switch (alg) {
            case "MD5" -> "MD5";
            case "SHA-1" -> "SHA-1";
            case "SHA-256" -> "SHA-256";
            case "SHA-384" -> "SHA-384";
            case "SHA-512" -> "SHA-512";
            default -> throw new StatesError(ErrorNames.QUERY_EVALUATION_ERROR, "$hash: unsupported algorithm '" + alg
                    + "'; use MD5, SHA-1, SHA-256, SHA-384 or SHA-512");
        };
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(javaAlg).digest(data.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Object toJava(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return com.dashjoin.jsonata.Jsonata.NULL_VALUE;
        }
        if (n.isObject()) {
            var m = new LinkedHashMap<String, Object>();
            n.fields().forEachRemaining(e -> m.put(e.getKey(), toJava(e.getValue())));
            return m;
        }
        if (n.isArray()) {
            var l = new ArrayList<Object>(n.size());
            n.forEach(v -> l.add(toJava(v)));
            return l;
        }
        if (n.isTextual()) {
            return n.asText();
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToLong() ? (Object) n.asLong() : n.bigIntegerValue();
        }
        return n.asDouble();
    }

    static JsonNode toJson(Object o) {
        if (o == null || o == com.dashjoin.jsonata.Jsonata.NULL_VALUE) {
            return Json.NODES.nullNode();
        }
        if (o instanceof Map<?, ?> m) {
            ObjectNode obj = Json.object();
            m.forEach((k, v) -> {
                if (v != null) {
                    obj.set(String.valueOf(k), toJson(v));
                }
            });
            return obj;
        }
        if (o instanceof List<?> l) {
            var arr = Json.NODES.arrayNode();
            l.forEach(v -> arr.add(toJson(v)));
            return arr;
        }
        if (o instanceof Double d && d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e15) {
            return Json.NODES.numberNode(d.longValue());
        }
        if (o instanceof BigDecimal b) {
            return Json.NODES.numberNode(b);
        }
        return Json.MAPPER.valueToTree(o);
    }
}
