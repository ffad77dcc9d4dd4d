package io.sfnetl.asl.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.asl.ErrorNames;
import io.sfnetl.asl.StatesError;
import io.sfnetl.asl.intrinsics.internal.Expr;
import io.sfnetl.asl.intrinsics.internal.Functions;
import io.sfnetl.asl.intrinsics.internal.IntrinsicParser;
import io.sfnetl.asl.intrinsics.internal.IntrinsicSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The Amazon States Language intrinsic functions, as described in the Step Functions developer guide,
 * "Intrinsic functions for JSONPath states": all 18 of {@code States.Format}, {@code StringToJson},
 * {@code JsonToString}, {@code Array}, {@code ArrayPartition}, {@code ArrayContains}, {@code ArrayRange},
 * {@code ArrayGetItem}, {@code ArrayLength}, {@code ArrayUnique}, {@code Base64Encode}, {@code Base64Decode},
 * {@code Hash}, {@code JsonMerge}, {@code MathRandom}, {@code MathAdd}, {@code StringSplit} and {@code UUID}.
 *
 * <p>Syntax: arguments are string literals in single quotes, numbers, {@code true}/{@code false}/{@code null},
 * paths ({@code $.x}, {@code $$.Execution.Id}, {@code $var.x}) or nested calls, up to 10 calls deep. Inside a string
 * literal {@code \'}, {@code \{}, {@code \}} and {@code \\} stand for the characters themselves (in the definition's
 * JSON each backslash is written twice). AWS's limits are enforced: {@code ArrayRange} at most 1000 elements,
 * {@code Base64Encode}/{@code Base64Decode}/{@code Hash} inputs at most 10,000 characters, {@code JsonMerge}
 * shallow only. Fractional numbers given where integers are expected are truncated toward zero, except in
 * {@code MathAdd}, which rounds them to the nearest integer and works in 32-bit integers (both as observed on AWS).
 *
 * <p>Failures throw {@link StatesError} with error {@value ErrorNames#INTRINSIC_FAILURE} and a cause starting
 * with AWS's wording {@code Invalid arguments in States.Name} followed by what was wrong.
 *
 * <p>Stateless and thread-safe.
 */
public final class Intrinsics {

    private static final Pattern CALL = Pattern.compile("^\\s*States\\.[A-Za-z0-9]*\\s*\\(.*", Pattern.DOTALL);
    /**
     * Well-formed calls by their text: a definition has a few expressions, evaluated again in every state run and
     * child execution (a Distributed Map's thousands). Bounded: past it, expressions are parsed each time.
     */
    private static final java.util.concurrent.ConcurrentHashMap<String, Expr.Call> PARSED =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_PARSED = 4096;

    /**
     * Resolves a path argument of an intrinsic: {@code $...} (state input), {@code $$...} (context object) or
     * {@code $name...} (a variable). Implemented by the engine. Returning {@code null} or a missing node means
     * "not found" and fails the intrinsic; the resolver may also throw {@link StatesError} itself.
     */
    @FunctionalInterface
    public interface PathResolver {
        JsonNode resolve(String path);
    }

    private Intrinsics() {
    }

    /**
     * True if {@code s} is written as an intrinsic function call ({@code States.Name(...)}), whether or not it is
     * well-formed; use {@link #syntaxErrors} to check it. False for null and for paths.
     */
    public static boolean isIntrinsic(String s) {
        return s != null && (PARSED.containsKey(s) || CALL.matcher(s).matches());
    }

    /**
     * Evaluates an intrinsic function call.
     *
     * @param expression e.g. {@code States.Format('Hello {}', $.name)}
     * @param resolver resolves the path arguments
     * @return the function's result (a fresh node the caller may keep)
     * @throws StatesError with error {@code States.IntrinsicFailure} when the expression is malformed, a path is not
     *     found, or a function rejects its arguments
     */
    public static JsonNode evaluate(String expression, PathResolver resolver) {
        Expr.Call call = PARSED.get(expression);
        if (call == null) {
            try {
                call = IntrinsicParser.parse(expression);
            } catch (IntrinsicSyntaxException e) {
                throw new StatesError(Functions.ERROR, "Invalid intrinsic function '" + expression + "': "
                        + e.getMessage());
            }
            if (PARSED.size() < MAX_PARSED) {
                PARSED.put(expression, call);
            }
        }
        return eval(call, resolver);
    }

    /**
     * The syntax errors of an intrinsic expression: malformed text, unknown functions, wrong argument counts,
     * literal arguments of the wrong type, an unsupported {@code States.Hash} algorithm, a deep
     * {@code States.JsonMerge}, a {@code States.Format} literal template whose {@code {}} count differs from its
     * arguments. Empty when the expression is well-formed. Never evaluates anything.
     */
    public static List<String> syntaxErrors(String expression) {
        var problems = new ArrayList<String>();
        try {
            Functions.check(IntrinsicParser.parse(expression), problems);
        } catch (IntrinsicSyntaxException e) {
            problems.add(e.getMessage());
        }
        return List.copyOf(problems);
    }

    /**
     * The path arguments of a well-formed expression, in order of appearance (nested calls included), so that a
     * validator can check their syntax. Empty if the expression is malformed.
     */
    public static List<String> pathArguments(String expression) {
        var paths = new ArrayList<String>();
        try {
            collectPaths(IntrinsicParser.parse(expression), paths);
        } catch (IntrinsicSyntaxException e) {
            return List.of();
        }
        return List.copyOf(paths);
    }

    private static void collectPaths(Expr e, List<String> out) {
        switch (e) {
            case Expr.Path p -> out.add(p.path());
            case Expr.Call c -> c.args().forEach(a -> collectPaths(a, out));
            case Expr.Str s -> { }
            case Expr.Literal l -> { }
        }
    }

    private static JsonNode eval(Expr.Call call, PathResolver resolver) {
        var args = new ArrayList<JsonNode>(call.args().size());
        for (Expr arg : call.args()) {
            args.add(switch (arg) {
                case Expr.Call nested -> eval(nested, resolver);
                case Expr.Str s -> com.fasterxml.jackson.databind.node.TextNode.valueOf(s.value());
                case Expr.Literal l -> l.value();
                case Expr.Path p -> {
                    JsonNode v = resolver.resolve(p.path());
                    if (v == null || v.isMissingNode()) {
                        throw Functions.fail(call.name(), "the JsonPath argument '" + p.path() + "' could not be found in the input");
                    }
                    yield v;
                }
            });
        }
        return Functions.apply(call, args);
    }
}
