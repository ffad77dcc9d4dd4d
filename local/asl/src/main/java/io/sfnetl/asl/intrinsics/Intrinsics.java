package io.sfnetl.asl.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The Amazon States Language intrinsic functions ({@code States.Format}, {@code States.Array}, ...), as
 * described in the Step Functions developer guide, "Intrinsic functions for JSONPath states".
 *
 * <p>Stateless and thread-safe. Only JSONPath states use intrinsics; JSONata states use JSONata functions.
 */
public final class Intrinsics {

    /** Resolves a path argument of an intrinsic: {@code $...} (state input), {@code $$...} (context object)
     *  or {@code $name...} (a variable). Implemented by the engine. May throw {@link io.sfnetl.asl.StatesError}. */
    @FunctionalInterface
    public interface PathResolver {
        JsonNode resolve(String path);
    }

    private Intrinsics() {
    }

    /** True if {@code s} looks like an intrinsic function call ({@code States.Name(...)}), whether valid or not. */
    public static boolean isIntrinsic(String s) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Evaluates an intrinsic function call.
     *
     * @throws io.sfnetl.asl.StatesError with error {@code States.IntrinsicFailure} when the expression is malformed
     *     or a function fails (wrong argument types, limits)
     */
    public static JsonNode evaluate(String expression, PathResolver resolver) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The syntax errors of an intrinsic expression (unknown function, wrong argument count, bad literal,
     *  malformed path); empty when it is well-formed. Never evaluates anything. */
    public static List<String> syntaxErrors(String expression) {
        throw new UnsupportedOperationException("not yet");
    }
}
