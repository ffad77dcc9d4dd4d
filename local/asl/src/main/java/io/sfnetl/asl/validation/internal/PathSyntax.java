package io.sfnetl.asl.validation.internal;

import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import io.sfnetl.asl.intrinsics.Intrinsics;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Syntax of ASL paths (states-language.net, "Paths" and "Reference Paths"): a Path is a JSONPath starting with
 * {@code $} (input), {@code $$} (context object) or {@code $name} (a variable); a Reference Path identifies a single
 * node, so it uses only {@code .name}, {@code ['name']} and {@code [index]} steps.
 */
public final class PathSyntax {

    private static final Pattern VARIABLE = Pattern.compile("^\\$([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern REFERENCE_STEPS = Pattern.compile(
            "(\\.[^.\\[\\]'\"\\s*?()@,:$]+|\\['(?:[^'\\\\]|\\\\.)*'\\]|\\[\"(?:[^\"\\\\]|\\\\.)*\"\\]|\\[[0-9]+\\])*");
    /** Reserved word that is not a variable: {@code $states} is JSONata's. */
    private static final String STATES_RESERVED = "states";

    private PathSyntax() {
    }

    /** The JSONPath remainder after the root ({@code $}, {@code $$} or {@code $name}); null if not a path at all. */
    private static String rest(String path) {
        if (path.startsWith("$$")) {
            return path.substring(2);
        }
        var m = VARIABLE.matcher(path);
        if (m.find()) {
            return path.substring(m.end());
        }
        return path.startsWith("$") ? path.substring(1) : null;
    }

    /** Null if {@code path} is a valid Path, otherwise what is wrong. */
    public static String pathError(String path) {
        String rest = rest(path);
        if (rest == null) {
            return "'" + path + "' is not a path: a path starts with $ (input), $$ (context object) or $name (variable)";
        }
        if (rest.isEmpty()) {
            return null;
        }
        if (!(rest.startsWith(".") || rest.startsWith("["))) {
            return "'" + path + "' is not a valid path: after the root a path continues with .field or [...]";
        }
        String unbalanced = unbalanced(rest);
        if (unbalanced != null) {
            return "'" + path + "' is not a valid JSONPath: " + unbalanced;
        }
        try {
            JsonPath.compile("$" + rest);
            return null;
        } catch (InvalidPathException e) {
            return "'" + path + "' is not a valid JSONPath: " + e.getMessage();
        } catch (RuntimeException e) {
            // Jayway reports some malformed paths with index errors rather than InvalidPathException.
            return "'" + path + "' is not a valid JSONPath";
        }
    }

    /** Jayway accepts some unbalanced brackets ("$.a[", "$.a]"); ASL does not. */
    private static String unbalanced(String rest) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if ((c == '\'' || c == '"') && depth > 0) {
                quote = c;
            } else if (c == '[' || c == '(') {
                depth++;
            } else if (c == ']' || c == ')') {
                if (--depth < 0) {
                    return "unmatched '" + c + "' at position " + (i + 2);
                }
            }
        }
        if (quote != 0) {
            return "unclosed quote";
        }
        return depth > 0 ? "missing ']' or ')'" : null;
    }

    /** Null if {@code path} is a valid Reference Path (a single node, no wildcards or filters). */
    public static String referencePathError(String path) {
        String error = pathError(path);
        if (error != null) {
            return error;
        }
        if (!REFERENCE_STEPS.matcher(rest(path)).matches()) {
            return "'" + path + "' is not a Reference Path: it must identify a single node, using only .field, "
                    + "['field'] and [index] (no wildcards, filters, slices or ..)";
        }
        return null;
    }

    /** Null if {@code value} is a valid Path or a well-formed intrinsic function call (with valid path arguments). */
    public static String pathOrIntrinsicError(String value) {
        if (Intrinsics.isIntrinsic(value)) {
            List<String> errors = new ArrayList<>(Intrinsics.syntaxErrors(value));
            if (errors.isEmpty()) {
                for (String p : Intrinsics.pathArguments(value)) {
                    String e = pathError(p);
                    if (e != null) {
                        errors.add(e);
                    }
                }
            }
            return errors.isEmpty() ? null : "invalid intrinsic function: " + String.join("; ", errors);
        }
        return pathError(value);
    }

    /** True if {@code name} is a valid variable name for Assign. */
    public static boolean isVariableName(String name) {
        return name.matches("[A-Za-z_][A-Za-z0-9_]*") && !name.equals(STATES_RESERVED) && name.length() <= 80;
    }
}
