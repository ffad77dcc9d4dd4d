package io.sfnetl.asl.validation.internal;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;

/** JSONata expressions in Step Functions: a string {@code "{% expression %}"}, parsed with dashjoin's JSONata. */
public final class JsonataSyntax {
    private JsonataSyntax() {
    }

    /** True if the string is meant as a JSONata expression (starts with {@code {%}). */
    public static boolean isExpression(String s) {
        return s.strip().startsWith("{%");
    }

    /** Null if {@code s} is a well-formed {@code {% ... %}} expression, otherwise what is wrong and where. */
    public static String error(String s) {
        String t = s.strip();
        if (!t.startsWith("{%") || !t.endsWith("%}") || t.length() < 4) {
            return "a JSONata expression must be written \"{% expression %}\"; found \"" + abbreviate(s) + "\"";
        }
        String expr = t.substring(2, t.length() - 2);
        if (expr.isBlank()) {
            return "the JSONata expression is empty: write an expression between {% and %}";
        }
        try {
            Jsonata.jsonata(expr);
            return null;
        } catch (JException e) {
            int col = e.getLocation() + 3; // position in the string: after "{%" (columns counted from 1)
            return "JSONata syntax error at character " + col + " of \"" + abbreviate(s) + "\": " + e.getMessage();
        } catch (RuntimeException e) {
            return "JSONata syntax error in \"" + abbreviate(s) + "\": " + e.getMessage();
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
