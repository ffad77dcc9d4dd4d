package io.sfnetl.asl.intrinsics.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses intrinsic function expressions (Step Functions developer guide, "Intrinsic functions"): a call
 * {@code States.Name(arg, ...)} whose arguments are string literals in single quotes (with {@code \'},
 * {@code \{}, {@code \}} and {@code \\} escapes), numbers, {@code true}/{@code false}/{@code null}, paths starting
 * with {@code $}, or nested calls (at most {@value #MAX_NESTING} calls deep). Stateless and thread-safe.
 */
public final class IntrinsicParser {

    /** AWS allows up to 10 nested intrinsic functions in one field. */
    public static final int MAX_NESTING = 10;

    private final String text;
    private int pos;

    private IntrinsicParser(String text) {
        this.text = text;
    }

    /** Parses {@code expression}. @throws IntrinsicSyntaxException with the column of the first error */
    public static Expr.Call parse(String expression) {
        var p = new IntrinsicParser(expression);
        p.skipWs();
        Expr.Call call = p.call(1);
        p.skipWs();
        if (p.pos < p.text.length()) {
            throw p.error("unexpected text '" + p.rest() + "' after the closing parenthesis of " + call.name());
        }
        return call;
    }

    private Expr.Call call(int depth) {
        int start = pos;
        if (!text.startsWith("States.", pos)) {
            throw error("expected an intrinsic function such as States.Format(...)");
        }
        pos += "States.".length();
        int nameStart = pos;
        while (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
            pos++;
        }
        String name = "States." + text.substring(nameStart, pos);
        if (depth > MAX_NESTING) {
            throw error(start, "more than " + MAX_NESTING + " nested intrinsic functions; split the work across states");
        }
        skipWs();
        if (pos >= text.length() || text.charAt(pos) != '(') {
            throw error("expected '(' after " + name);
        }
        pos++;
        var args = new ArrayList<Expr>();
        skipWs();
        if (peek() == ')') {
            pos++;
            return new Expr.Call(name, List.copyOf(args), start);
        }
        while (true) {
            skipWs();
            args.add(argument(depth));
            skipWs();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == ')') {
                pos++;
                return new Expr.Call(name, List.copyOf(args), start);
            } else if (c == 0) {
                throw error("missing ')' to close " + name);
            } else {
                throw error("expected ',' or ')' in the arguments of " + name + ", found '" + c + "'");
            }
        }
    }

    private Expr argument(int depth) {
        char c = peek();
        int start = pos;
        if (c == '\'') {
            return string();
        }
        if (c == '$') {
            return path();
        }
        if (c == '-' || Character.isDigit(c)) {
            return number();
        }
        if (text.startsWith("States.", pos)) {
            return call(depth + 1);
        }
        for (String word : new String[] {"true", "false", "null"}) {
            if (text.startsWith(word, pos) && !isWordChar(pos + word.length())) {
                pos += word.length();
                var f = JsonNodeFactory.instance;
                return new Expr.Literal(switch (word) {
                    case "true" -> f.booleanNode(true);
                    case "false" -> f.booleanNode(false);
                    default -> f.nullNode();
                }, start);
            }
        }
        if (c == 0) {
            throw error("missing argument or ')'");
        }
        if (c == '"') {
            throw error("string literals use single quotes: write 'text', not \"text\"");
        }
        throw error("unexpected '" + c + "'; an argument is a 'string', a number, true, false, null, a $path or "
                + "a nested States.* function");
    }

    private boolean isWordChar(int i) {
        return i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_');
    }

    private Expr.Str string() {
        int start = pos;
        pos++;
        var value = new StringBuilder();
        int rawStart = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\\') {
                if (pos + 1 >= text.length()) {
                    break;
                }
                char n = text.charAt(pos + 1);
                if (n == '\'' || n == '{' || n == '}' || n == '\\') {
                    value.append(n);
                } else {
                    throw error(pos, "invalid escape '\\" + n + "' in a string literal; only \\' \\{ \\} and \\\\ "
                            + "are escapes (in the definition's JSON write each backslash twice)");
                }
                pos += 2;
                continue;
            }
            if (c == '\'') {
                String raw = text.substring(rawStart, pos);
                pos++;
                return new Expr.Str(value.toString(), raw, start);
            }
            value.append(c);
            pos++;
        }
        throw error(start, "unterminated string literal; close it with ' (write \\' for a quote inside it)");
    }

    private Expr.Literal number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        int digits = pos;
        while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || "eE.+-".indexOf(text.charAt(pos)) >= 0)) {
            pos++;
        }
        String s = text.substring(start, pos);
        if (digits == pos) {
            throw error(start, "'-' must be followed by a number");
        }
        try {
            var bd = new BigDecimal(s);
            var f = JsonNodeFactory.instance;
            boolean integral = s.indexOf('.') < 0 && s.indexOf('e') < 0 && s.indexOf('E') < 0;
            if (integral && bd.toBigInteger().bitLength() < 63) {
                long l = bd.longValueExact();
                return new Expr.Literal(l == (int) l ? f.numberNode((int) l) : f.numberNode(l), start);
            }
            return new Expr.Literal(integral ? f.numberNode(bd.toBigInteger()) : f.numberNode(bd.doubleValue()), start);
        } catch (NumberFormatException | ArithmeticException e) {
            throw error(start, "invalid number '" + s + "'");
        }
    }

    private Expr.Path path() {
        int start = pos;
        var open = new java.util.ArrayDeque<Character>();
        char quote = 0;
        scan:
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (quote != 0) {
                if (c == '\\') {
                    pos++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                if (open.isEmpty()) {
                    break;
                }
                quote = c;
            } else if (c == '[' || c == '(') {
                open.push(c);
            } else if (c == ']' || c == ')') {
                if (open.isEmpty() || open.peek() != (c == ']' ? '[' : '(')) {
                    break scan; // closes the call (or is unbalanced: the path check reports it)
                }
                open.pop();
            } else if (open.isEmpty() && c == ',') {
                break;
            }
            pos++;
        }
        String path = text.substring(start, pos).strip();
        if (open.isEmpty() && path.chars().anyMatch(Character::isWhitespace) && !path.contains("[")) {
            throw error(start, "invalid path '" + path + "': paths contain no spaces outside brackets");
        }
        return new Expr.Path(path, start);
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private void skipWs() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private String rest() {
        String r = text.substring(pos);
        return r.length() > 20 ? r.substring(0, 20) + "..." : r;
    }

    private IntrinsicSyntaxException error(String message) {
        return error(pos, message);
    }

    private IntrinsicSyntaxException error(int at, String message) {
        return new IntrinsicSyntaxException(message + " (at column " + (at + 1) + ")", at);
    }
}
