package io.sfnetl.asl.intrinsics.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.ErrorNames;
import io.sfnetl.asl.StatesError;
import io.sfnetl.asl.internal.JsonSupport;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The 18 intrinsic functions: their signatures (for static checks) and their implementations.
 * Failures throw {@link StatesError} with {@value ErrorNames#INTRINSIC_FAILURE} and a cause that starts with
 * AWS's own wording, {@code Invalid arguments in States.Name}, followed by what was wrong.
 */
public final class Functions {

    /**
     * The error every intrinsic failure carries. The project contract is {@code States.IntrinsicFailure}; note that
     * executions observed on AWS report these failures as {@code States.Runtime} (which States.ALL does not catch).
     * Changing the contract is this one line.
     */
    public static final String ERROR = ErrorNames.INTRINSIC_FAILURE;

    /** AWS's limits (developer guide, "Intrinsic functions"). */
    public static final int MAX_ARRAY_RANGE = 1000;
    public static final int MAX_ENCODE_INPUT = 10_000;
    public static final int MAX_DECODE_INPUT = 10_000;
    public static final int MAX_HASH_INPUT = 10_000;
    public static final Set<String> HASH_ALGORITHMS = Set.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512");

    /** Argument kinds, for static checks of literal arguments. */
    public enum Kind { ANY, STRING, NUMBER, BOOLEAN, ARRAY, OBJECT }

    /** A function's arity and argument kinds ({@code varargs}: the last kind repeats). */
    public record Signature(int minArgs, int maxArgs, List<Kind> kinds, Kind returns) {
        Kind kind(int i) {
            return kinds.isEmpty() ? Kind.ANY : kinds.get(Math.min(i, kinds.size() - 1));
        }

        String arity() {
            if (minArgs == maxArgs) {
                return minArgs + " argument" + (minArgs == 1 ? "" : "s");
            }
            return maxArgs == Integer.MAX_VALUE ? "at least " + minArgs + " argument" + (minArgs == 1 ? "" : "s")
                    : minArgs + " to " + maxArgs + " arguments";
        }
    }

    private static final int MANY = Integer.MAX_VALUE;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final Map<String, Signature> SIGNATURES = Map.ofEntries(
            Map.entry("States.Format", new Signature(1, MANY, List.of(Kind.STRING, Kind.ANY), Kind.STRING)),
            Map.entry("States.StringToJson", new Signature(1, 1, List.of(Kind.STRING), Kind.ANY)),
            Map.entry("States.JsonToString", new Signature(1, 1, List.of(Kind.ANY), Kind.STRING)),
            Map.entry("States.Array", new Signature(0, MANY, List.of(), Kind.ARRAY)),
            Map.entry("States.ArrayPartition", new Signature(2, 2, List.of(Kind.ARRAY, Kind.NUMBER), Kind.ARRAY)),
            Map.entry("States.ArrayContains", new Signature(2, 2, List.of(Kind.ARRAY, Kind.ANY), Kind.BOOLEAN)),
            Map.entry("States.ArrayRange", new Signature(3, 3, List.of(Kind.NUMBER), Kind.ARRAY)),
            Map.entry("States.ArrayGetItem", new Signature(2, 2, List.of(Kind.ARRAY, Kind.NUMBER), Kind.ANY)),
            Map.entry("States.ArrayLength", new Signature(1, 1, List.of(Kind.ARRAY), Kind.NUMBER)),
            Map.entry("States.ArrayUnique", new Signature(1, 1, List.of(Kind.ARRAY), Kind.ARRAY)),
            Map.entry("States.Base64Encode", new Signature(1, 1, List.of(Kind.STRING), Kind.STRING)),
            Map.entry("States.Base64Decode", new Signature(1, 1, List.of(Kind.STRING), Kind.STRING)),
            Map.entry("States.Hash", new Signature(2, 2, List.of(Kind.ANY, Kind.STRING), Kind.STRING)),
            Map.entry("States.JsonMerge", new Signature(3, 3, List.of(Kind.OBJECT, Kind.OBJECT, Kind.BOOLEAN), Kind.OBJECT)),
            Map.entry("States.MathRandom", new Signature(2, 3, List.of(Kind.NUMBER), Kind.NUMBER)),
            Map.entry("States.MathAdd", new Signature(2, 2, List.of(Kind.NUMBER), Kind.NUMBER)),
            Map.entry("States.StringSplit", new Signature(2, 2, List.of(Kind.STRING), Kind.ARRAY)),
            Map.entry("States.UUID", new Signature(0, 0, List.of(), Kind.STRING)));

    private Functions() {
    }

    /** Static problems of a parsed call tree: unknown functions, arity, literal argument kinds. */
    public static void check(Expr.Call call, List<String> problems) {
        Signature sig = SIGNATURES.get(call.name());
        if (sig == null) {
            problems.add("unknown intrinsic function " + call.name() + " (at column " + (call.position() + 1)
                    + "); the functions are " + String.join(", ", SIGNATURES.keySet().stream().sorted().toList()));
            return;
        }
        int n = call.args().size();
        if (n < sig.minArgs() || n > sig.maxArgs()) {
            problems.add(call.name() + " takes " + sig.arity() + ", found " + n + " (at column " + (call.position() + 1) + ")");
        }
        for (int i = 0; i < n; i++) {
            Expr arg = call.args().get(i);
            Kind want = sig.kind(i);
            Kind have = staticKind(arg);
            if (want != Kind.ANY && have != null && have != Kind.ANY && have != want) {
                problems.add(call.name() + " argument " + (i + 1) + " must be " + article(want) + ", found "
                        + article(have) + " (at column " + (arg.position() + 1) + ")");
            }
            if (arg instanceof Expr.Call nested) {
                check(nested, problems);
            }
        }
        if (call.name().equals("States.Hash") && n == 2 && call.args().get(1) instanceof Expr.Str alg
                && !HASH_ALGORITHMS.contains(alg.value())) {
            problems.add("States.Hash algorithm '" + alg.value() + "' is not supported; use one of MD5, SHA-1, SHA-256, "
                    + "SHA-384, SHA-512");
        }
        if (call.name().equals("States.JsonMerge") && n == 3 && call.args().get(2) instanceof Expr.Literal l
                && l.value().isBoolean() && l.value().booleanValue()) {
            problems.add("States.JsonMerge supports only shallow merging: the third argument must be false");
        }
        if (call.name().equals("States.Format") && n >= 1 && call.args().get(0) instanceof Expr.Str template) {
            try {
                int placeholders = FormatTemplate.parse(template.raw()).placeholders();
                if (placeholders != n - 1) {
                    problems.add("States.Format template has " + placeholders + " {} placeholder(s) but " + (n - 1)
                            + " value argument(s); give one argument per {} (escape literal braces as \\\\{ \\\\})");
                }
            } catch (IllegalArgumentException e) {
                problems.add("States.Format template: " + e.getMessage());
            }
        }
    }

    private static Kind staticKind(Expr e) {
        return switch (e) {
            case Expr.Str s -> Kind.STRING;
            case Expr.Literal l -> l.value().isNumber() ? Kind.NUMBER : l.value().isBoolean() ? Kind.BOOLEAN : null;
            case Expr.Call c -> SIGNATURES.containsKey(c.name()) ? SIGNATURES.get(c.name()).returns() : null;
            case Expr.Path p -> null;
        };
    }

    private static String article(Kind k) {
        return switch (k) {
            case ANY -> "any value";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
        };
    }

    /**
     * Applies function {@code name} to evaluated arguments. {@code call} gives access to literal forms
     * ({@code States.Format} needs the raw template to honour escapes).
     */
    public static JsonNode apply(Expr.Call call, List<JsonNode> args) {
        String name = call.name();
        Signature sig = SIGNATURES.get(name);
        if (sig == null) {
            throw fail(name, "unknown intrinsic function");
        }
        if (args.size() < sig.minArgs() || args.size() > sig.maxArgs()) {
            throw fail(name, "takes " + sig.arity() + ", found " + args.size());
        }
        return switch (name) {
            case "States.Format" -> format(call, args);
            case "States.StringToJson" -> stringToJson(args);
            case "States.JsonToString" -> F.textNode(toJson(args.get(0)));
            case "States.Array" -> array(args);
            case "States.ArrayPartition" -> arrayPartition(args);
            case "States.ArrayContains" -> F.booleanNode(contains(array(name, args, 0), args.get(1)));
            case "States.ArrayRange" -> arrayRange(args);
            case "States.ArrayGetItem" -> arrayGetItem(args);
            case "States.ArrayLength" -> F.numberNode(array(name, args, 0).size());
            case "States.ArrayUnique" -> arrayUnique(args);
            case "States.Base64Encode" -> base64Encode(args);
            case "States.Base64Decode" -> base64Decode(args);
            case "States.Hash" -> hash(args);
            case "States.JsonMerge" -> jsonMerge(args);
            case "States.MathRandom" -> mathRandom(args);
            case "States.MathAdd" -> mathAdd(args);
            case "States.StringSplit" -> stringSplit(args);
            case "States.UUID" -> F.textNode(UUID.randomUUID().toString());
            default -> throw fail(name, "unknown intrinsic function");
        };
    }

    /** A StatesError with AWS's cause prefix {@code Invalid arguments in <name>}. */
    public static StatesError fail(String name, String detail) {
        return new StatesError(ERROR, "Invalid arguments in " + name + ": " + detail);
    }

    private static JsonNode format(Expr.Call call, List<JsonNode> args) {
        String name = "States.Format";
        FormatTemplate template;
        try {
            if (call.args().get(0) instanceof Expr.Str s) {
                template = FormatTemplate.parse(s.raw());
            } else {
                JsonNode t = args.get(0);
                if (!t.isTextual()) {
                    throw fail(name, "the template (argument 1) must be a string, found " + describe(t));
                }
                template = FormatTemplate.parse(t.textValue());
            }
        } catch (IllegalArgumentException e) {
            throw fail(name, e.getMessage());
        }
        if (template.placeholders() != args.size() - 1) {
            throw fail(name, "the template has " + template.placeholders() + " {} placeholder(s) but "
                    + (args.size() - 1) + " value argument(s) were given");
        }
        var values = new ArrayList<String>();
        for (int i = 1; i < args.size(); i++) {
            JsonNode v = args.get(i);
            if (v.isContainerNode()) {
                throw fail(name, "argument " + (i + 1) + " is " + describe(v) + "; only strings, numbers, booleans and "
                        + "null can be formatted (wrap it in States.JsonToString)");
            }
            values.add(v.isTextual() ? v.textValue() : v.isNull() ? "null" : v.asText());
        }
        return F.textNode(template.render(values));
    }

    private static JsonNode stringToJson(List<JsonNode> args) {
        String s = string("States.StringToJson", args, 0);
        if (s.isEmpty()) {
            return F.nullNode(); // as observed on AWS
        }
        try {
            return JSON.readTree(s);
        } catch (JsonProcessingException e) {
            throw fail("States.StringToJson", "the string is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static String toJson(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode array(List<JsonNode> args) {
        ArrayNode out = F.arrayNode(args.size());
        args.forEach(out::add);
        return out;
    }

    private static JsonNode arrayPartition(List<JsonNode> args) {
        String name = "States.ArrayPartition";
        ArrayNode in = array(name, args, 0);
        long size = integer(name, args, 1);
        if (size <= 0) {
            throw fail(name, "the chunk size must be a positive integer, found " + args.get(1));
        }
        ArrayNode out = F.arrayNode();
        ArrayNode chunk = null;
        for (int i = 0; i < in.size(); i++) {
            if (i % size == 0) {
                chunk = out.addArray();
            }
            chunk.add(in.get(i));
        }
        return out;
    }

    private static JsonNode arrayRange(List<JsonNode> args) {
        String name = "States.ArrayRange";
        long start = integer(name, args, 0);
        long end = integer(name, args, 1);
        long step = integer(name, args, 2);
        if (step == 0) {
            throw fail(name, "the step must not be 0");
        }
        long count = (end - start) / step >= 0 && Long.signum(end - start) * Long.signum(step) >= 0
                ? (end - start) / step + 1 : 0;
        if (count > MAX_ARRAY_RANGE) {
            throw fail(name, "the range has " + count + " elements; at most " + MAX_ARRAY_RANGE + " are allowed");
        }
        ArrayNode out = F.arrayNode((int) count);
        for (long i = 0, v = start; i < count; i++, v += step) {
            out.add(v == (int) v ? F.numberNode((int) v) : F.numberNode(v));
        }
        return out;
    }

    private static JsonNode arrayGetItem(List<JsonNode> args) {
        String name = "States.ArrayGetItem";
        ArrayNode in = array(name, args, 0);
        long index = integer(name, args, 1);
        if (in.isEmpty()) {
            return F.nullNode(); // AWS returns null for any index into an empty array (observed)
        }
        if (index < 0 || index >= in.size()) {
            throw fail(name, "index " + index + " is out of bounds for an array of " + in.size() + " element(s)");
        }
        return in.get((int) index);
    }

    private static JsonNode arrayUnique(List<JsonNode> args) {
        ArrayNode in = array("States.ArrayUnique", args, 0);
        ArrayNode out = F.arrayNode();
        for (JsonNode v : in) {
            if (!contains(out, v)) {
                out.add(v);
            }
        }
        return out;
    }

    private static boolean contains(ArrayNode array, JsonNode value) {
        for (JsonNode v : array) {
            if (JsonEquality.equal(v, value)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode base64Encode(List<JsonNode> args) {
        String name = "States.Base64Encode";
        String s = string(name, args, 0);
        if (s.length() > MAX_ENCODE_INPUT) {
            throw fail(name, "the input has " + s.length() + " characters; at most " + MAX_ENCODE_INPUT + " are allowed");
        }
        return F.textNode(Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode base64Decode(List<JsonNode> args) {
        String name = "States.Base64Decode";
        String s = string(name, args, 0);
        if (s.length() > MAX_DECODE_INPUT) {
            throw fail(name, "the input has " + s.length() + " characters; at most " + MAX_DECODE_INPUT + " are allowed");
        }
        try {
            // AWS decodes leniently (characters outside the alphabet are skipped, padding is optional): so does MIME.
            return F.textNode(new String(Base64.getMimeDecoder().decode(s), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw fail(name, "the input is not valid Base64: " + e.getMessage());
        }
    }

    private static JsonNode hash(List<JsonNode> args) {
        String name = "States.Hash";
        JsonNode data = args.get(0);
        // AWS hashes non-string data by its JSON text (observed: numbers and objects are accepted).
        String s = data.isTextual() ? data.textValue() : toJson(data);
        if (s.length() > MAX_HASH_INPUT) {
            throw fail(name, "the data has " + s.length() + " characters; at most " + MAX_HASH_INPUT + " are allowed");
        }
        String algorithm = string(name, args, 1);
        if (!HASH_ALGORITHMS.contains(algorithm)) {
            throw fail(name, "algorithm '" + algorithm + "' is not supported; use one of MD5, SHA-1, SHA-256, SHA-384, SHA-512");
        }
        try {
            byte[] digest = MessageDigest.getInstance(algorithm).digest(s.getBytes(StandardCharsets.UTF_8));
            return F.textNode(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + algorithm, e);
        }
    }

    private static JsonNode jsonMerge(List<JsonNode> args) {
        String name = "States.JsonMerge";
        ObjectNode a = object(name, args, 0);
        ObjectNode b = object(name, args, 1);
        JsonNode deep = args.get(2);
        // AWS treats any value other than true as a shallow merge.
        if (deep.isBoolean() && deep.booleanValue()) {
            throw fail(name, "deep merging is not supported; pass false for a shallow merge");
        }
        ObjectNode out = a.deepCopy();
        b.fields().forEachRemaining(e -> out.set(e.getKey(), e.getValue()));
        return out;
    }

    private static JsonNode mathRandom(List<JsonNode> args) {
        String name = "States.MathRandom";
        long start = integer(name, args, 0);
        long end = integer(name, args, 1);
        if (start >= end) {
            throw fail(name, "the start (" + start + ", inclusive) must be less than the end (" + end + ", exclusive)");
        }
        long value;
        if (args.size() == 3) {
            long seed = integer(name, args, 2);
            value = new Random(seed).nextLong(start, end);
        } else {
            value = ThreadLocalRandom.current().nextLong(start, end);
        }
        return value == (int) value ? F.numberNode((int) value) : F.numberNode(value);
    }

    private static JsonNode mathAdd(List<JsonNode> args) {
        String name = "States.MathAdd";
        long a = rounded(name, args, 0);
        long b = rounded(name, args, 1);
        long sum = a + b;
        if (a != (int) a || b != (int) b || sum != (int) sum) {
            throw fail(name, "the values and their sum must be integers between " + Integer.MIN_VALUE + " and "
                    + Integer.MAX_VALUE + ", found " + a + " + " + b);
        }
        return F.numberNode((int) sum);
    }

    /** A number argument rounded to the nearest integer, as AWS does for States.MathAdd. */
    private static long rounded(String name, List<JsonNode> args, int i) {
        JsonNode v = args.get(i);
        if (v.isNumber() && !v.isIntegralNumber()) {
            double d = v.doubleValue();
            if (Double.isNaN(d) || Math.abs(d) > Long.MAX_VALUE) {
                throw fail(name, "argument " + (i + 1) + " is out of range: " + v);
            }
            return Math.round(d);
        }
        return integer(name, args, i);
    }

    private static JsonNode stringSplit(List<JsonNode> args) {
        String name = "States.StringSplit";
        String s = string(name, args, 0);
        String delimiters = string(name, args, 1);
        ArrayNode out = F.arrayNode();
        if (delimiters.isEmpty()) {
            if (!s.isEmpty()) {
                out.add(s);
            }
            return out;
        }
        // As AWS does: every character of the delimiter splits, and empty pieces are dropped.
        int from = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || delimiters.indexOf(s.charAt(i)) >= 0) {
                if (i > from) {
                    out.add(s.substring(from, i));
                }
                from = i + 1;
            }
        }
        return out;
    }

    private static String string(String name, List<JsonNode> args, int i) {
        JsonNode v = args.get(i);
        if (!v.isTextual()) {
            throw fail(name, "argument " + (i + 1) + " must be a string, found " + describe(v));
        }
        return v.textValue();
    }

    private static ArrayNode array(String name, List<JsonNode> args, int i) {
        JsonNode v = args.get(i);
        if (!v.isArray()) {
            throw fail(name, "argument " + (i + 1) + " must be an array, found " + describe(v));
        }
        return (ArrayNode) v;
    }

    private static ObjectNode object(String name, List<JsonNode> args, int i) {
        JsonNode v = args.get(i);
        if (!v.isObject()) {
            throw fail(name, "argument " + (i + 1) + " must be an object, found " + describe(v));
        }
        return (ObjectNode) v;
    }

    /** An integer argument; fractional numbers are truncated toward zero, as AWS does for ArrayRange and MathRandom. */
    private static long integer(String name, List<JsonNode> args, int i) {
        JsonNode v = args.get(i);
        if (!v.isNumber()) {
            throw fail(name, "argument " + (i + 1) + " must be a number, found " + describe(v));
        }
        if (v.isIntegralNumber()) {
            if (!v.canConvertToLong()) {
                throw fail(name, "argument " + (i + 1) + " is out of range: " + v);
            }
            return v.longValue();
        }
        double d = v.doubleValue();
        if (Double.isNaN(d) || Math.abs(d) > Long.MAX_VALUE) {
            throw fail(name, "argument " + (i + 1) + " is out of range: " + v);
        }
        return (long) d;
    }

    /** A short description of a value for messages: its type and, if short, the value. */
    public static String describe(JsonNode v) {
        String type = JsonSupport.typeName(v);
        if (v.isNull() || v.isMissingNode()) {
            return type;
        }
        String text = toJson(v);
        return text.length() <= 40 ? type + " " + text : type;
    }

}
