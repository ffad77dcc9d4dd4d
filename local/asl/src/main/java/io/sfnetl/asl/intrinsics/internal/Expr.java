package io.sfnetl.asl.intrinsics.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A parsed intrinsic expression: a function call whose arguments are literals, paths or nested calls. */
public sealed interface Expr {

    /** Column (zero-based) in the expression text where this node starts, for messages. */
    int position();

    /** {@code States.Name(args...)}; {@code name} is the full name, e.g. {@code States.Format}. */
    record Call(String name, List<Expr> args, int position) implements Expr {
    }

    /**
     * A {@code '...'} string literal. {@code value} has its escapes removed; {@code raw} is the text between the
     * quotes as written, which {@code States.Format} needs to tell an escaped {@code \{} from a placeholder.
     */
    record Str(String value, String raw, int position) implements Expr {
    }

    /** A number, {@code true}, {@code false} or {@code null} literal. */
    record Literal(JsonNode value, int position) implements Expr {
    }

    /** A path: {@code $...} (input), {@code $$...} (context object) or {@code $name...} (variable). */
    record Path(String path, int position) implements Expr {
    }
}
