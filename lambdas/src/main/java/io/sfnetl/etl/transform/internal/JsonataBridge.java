package io.sfnetl.etl.transform.internal;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.row.Row;
import io.sfnetl.etl.row.RowLayout;
import io.sfnetl.etl.row.internal.Digits;
import io.sfnetl.etl.spec.internal.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JSONata expression (com.dashjoin:jsonata), compiled once per thread, evaluated on Jackson rows. Results that
 * JSONata computes as doubles are rounded to 15 significant digits (as JSONata's reference implementation does for
 * output) and held as BigDecimal, so {@code 19.99 * 3} is {@code 59.97}. An expression of the form
 * {@code field op field} ({@code + - * /}) on two numbers is computed natively with BigDecimal (same result, ~10x
 * faster); anything else (or non-numbers) goes through JSONata.
 */
public final class JsonataBridge {
    private static final MathContext DOUBLE_DIGITS = new MathContext(15);

    private static final java.util.regex.Pattern BINARY = java.util.regex.Pattern.compile(
            "\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*([-+*/])\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*");

    private final String expression;
    private final ThreadLocal<Jsonata> compiled;
    /** For {@code a op b} on two fields: evaluated natively with exact decimals (JSONata converts to double). */
    private final String left;
    private final char op;
    private final String right;
    /** The operands' slots in the last row layout seen (saves two hash lookups per row). */
    private volatile Operands operands;

    private record Operands(RowLayout layout, int left, int right) {}

    /** @throws IllegalArgumentException when the expression does not parse (message says where) */
    public JsonataBridge(String expression) {
        this.expression = expression;
        Jsonata first = compile(expression);
        this.compiled = ThreadLocal.withInitial(() -> compile(expression));
        this.compiled.set(first);
        java.util.regex.Matcher m = BINARY.matcher(expression);
        boolean binary = m.matches() && !isKeyword(m.group(1)) && !isKeyword(m.group(3));
        this.left = binary ? m.group(1) : null;
        this.op = binary ? m.group(2).charAt(0) : 0;
        this.right = binary ? m.group(3) : null;
    }

    private static boolean isKeyword(String name) {
        return name.equals("and") || name.equals("or") || name.equals("in") || name.equals("true")
                || name.equals("false") || name.equals("null");
    }

    /**
     * The fast path: both operands numbers. @return the result, or null to use JSONata (operand missing, not a
     * number, or division by zero), which then gives its own result or error
     */
    private JsonNode arithmetic(Row row) {
        Number r = exact(row);
        if (r == null) {
            return null;
        }
        return r instanceof Long l ? Json.NODES.numberNode(l)
                : Json.NODES.numberNode(normalize(((BigDecimal) r).round(DOUBLE_DIGITS)));
    }

    /**
     * For a derive that rounds to a fixed scale: the fast path's result before JSONata's rounding to 15 significant
     * digits, for {@code + - *} (exact). When its precision is at most 15 that rounding changes nothing and the
     * normalisation keeps the value, so rounding this to the scale gives the very value rounding
     * {@link #evaluate}'s result gives, without either step.
     *
     * @return the exact result, or null (not a fast-path expression, a division, or not two numbers)
     */
    public BigDecimal exactDecimal(Row row) {
        if (left == null || op == '/') {
            return null;
        }
        Number r = exact(row);
        return r == null ? null : r instanceof Long l ? BigDecimal.valueOf(l) : (BigDecimal) r;
    }

    /**
     * {@link #exactDecimal} rounded to {@code scale} ({@code HALF_EVEN}) and set into {@code slot} as a raw decimal
     * ({@link Row#setRawDecimal}), computed in longs when both operands are raw numbers of the row: the value the
     * BigDecimal path sets, without a BigDecimal.
     *
     * @return false (nothing set) when not so: an operand not raw, a division, an overflow, an exact result of more
     *     than 15 digits (the caller's limit), or a result printed with an exponent; then use {@link #exactDecimal}
     */
    public boolean rawDecimal(Row row, int slot, int scale) {
        if (left == null || op == '/' || scale < 0 || scale > 18) {
            return false;
        }
        Operands o = operands(row);
        if (o.left() < 0 || o.right() < 0 || !rawNumber(row, o.left()) || !rawNumber(row, o.right())) {
            return false;
        }
        long a = row.rawUnscaled(o.left());
        int sa = row.rawScale(o.left());
        long b = row.rawUnscaled(o.right());
        int sb = row.rawScale(o.right());
        long r;
        int s;
        try {
            if (op == '*') {
                r = Math.multiplyExact(a, b);
                s = sa + sb;
            } else {
                s = Math.max(sa, sb);
                a = Math.multiplyExact(a, Digits.ten(s - sa));
                b = Math.multiplyExact(b, Digits.ten(s - sb));
                r = op == '+' ? Math.addExact(a, b) : Math.subtractExact(a, b);
            }
            if (s > 18 || r == Long.MIN_VALUE || Math.abs(r) >= Digits.ten(15)) {
                return false;   // more than 15 digits: the caller's BigDecimal path decides
            }
            if (s < scale) {
                r = Math.multiplyExact(r, Digits.ten(scale - s));
            } else if (s > scale) {
                r = halfEven(r, Digits.ten(s - scale));
            }
        } catch (ArithmeticException overflow) {
            return false;
        }
        return row.setRawDecimal(slot, r, scale);
    }


    /** {@code r / p} rounded half to even, as {@code BigDecimal.setScale} rounds. */
    private static long halfEven(long r, long p) {
        long q = r / p;
        long twice = Math.abs(r % p) * 2;
        if (twice > p || (twice == p && (q & 1) != 0)) {
            q += r < 0 ? -1 : 1;
        }
        return q;
    }

    private static boolean rawNumber(Row row, int slot) {
        int kind = row.rawKind(slot);
        return kind == Row.RAW_INTEGER || kind == Row.RAW_DECIMAL;
    }

    private Operands operands(Row row) {
        Operands o = operands;
        if (o == null || o.layout() != row.layout()) {
            o = new Operands(row.layout(), row.layout().slot(left), row.layout().slot(right));
            operands = o; // racy but safe: any thread computes the same slots for a layout
        }
        return o;
    }

    /** @return a Long (both integral longs, no overflow, not a division), a BigDecimal, or null as {@link #arithmetic} */
    private Number exact(Row row) {
        Operands o = operands(row);
        Object va = o.left() < 0 ? null : row.get(o.left());
        Object vb = o.right() < 0 ? null : row.get(o.right());
        if (va == null || vb == null) {
            return null;
        }
        if ((va instanceof Long || va instanceof BigDecimal) && (vb instanceof Long || vb instanceof BigDecimal)) {
            // the row's own number values: the answer of the node path below without wrapping them in nodes
            Long whole = va instanceof Long x && vb instanceof Long y ? whole(x, y) : null;
            return whole != null ? whole : decimal(decimalOf(va), decimalOf(vb));
        }
        JsonNode a = Row.node(va);
        JsonNode b = Row.node(vb);
        if (!a.isNumber() || !b.isNumber()) {
            return null;
        }
        if (a.canConvertToExactIntegral() && b.canConvertToExactIntegral() && a.canConvertToLong()
                && b.canConvertToLong() && !a.isBigDecimal() && !b.isBigDecimal()) {
            Long whole = whole(a.longValue(), b.longValue());
            if (whole != null) {
                return whole;
            }
        }
        return decimal(a.decimalValue(), b.decimalValue());
    }

    /** {@code x op y} for {@code + - *} without overflow; null for a division or an overflow (use decimals). */
    private Long whole(long x, long y) {
        if (op == '/') {
            return null;
        }
        try {
            return switch (op) {
                case '+' -> Math.addExact(x, y);
                case '-' -> Math.subtractExact(x, y);
                default -> Math.multiplyExact(x, y);
            };
        } catch (ArithmeticException overflow) {
            return null;
        }
    }

    private static BigDecimal decimalOf(Object longOrDecimal) {
        return longOrDecimal instanceof Long l ? BigDecimal.valueOf(l) : (BigDecimal) longOrDecimal;
    }

    private BigDecimal decimal(BigDecimal x, BigDecimal y) {
        if (op == '/' && y.signum() == 0) {
            return null;
        }
        return switch (op) {
            case '+' -> x.add(y);
            case '-' -> x.subtract(y);
            case '*' -> x.multiply(y);
            default -> x.divide(y, DOUBLE_DIGITS);
        };
    }

    private static Jsonata compile(String expression) {
        try {
            return Jsonata.jsonata(expression);
        } catch (JException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid JSONata expression '" + expression + "': " + e.getMessage());
        }
    }

    /**
     * @return the result as a node, or null when the expression yields nothing
     * @throws IllegalArgumentException when evaluation fails (message from JSONata)
     */
    public JsonNode evaluate(Row row) {
        if (left != null) {
            JsonNode fast = arithmetic(row);
            if (fast != null) {
                return fast;
            }
        }
        try {
            return toNode(compiled.get().evaluate(toJava(row)));
        } catch (JException e) {
            throw new IllegalArgumentException("JSONata '" + expression + "' failed: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("JSONata '" + expression + "' failed: " + e);
        }
    }

    /** The row as JSONata's input: a map in the row's order, values as {@link #toJava(JsonNode)}. */
    static Map<String, Object> toJava(Row row) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < row.size(); i++) {
            int slot = row.slotAt(i);
            Object v = row.get(slot);
            m.put(row.layout().name(slot), v instanceof JsonNode n ? toJava(n) : v);
        }
        return m;
    }

    static Object toJava(JsonNode n) {
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
        }
        if (n.isNumber()) {
            return n.decimalValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), toJava(e.getValue()));
            }
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>(n.size());
            n.forEach(x -> l.add(toJava(x)));
            return l;
        }
        return null;
    }

    static JsonNode toNode(Object o) {
        if (o == null) {
            return null;
        }
        if (o == Jsonata.NULL_VALUE) {
            return Json.NODES.nullNode();
        }
        return switch (o) {
            case String s -> Json.NODES.textNode(s);
            case Boolean b -> Json.NODES.booleanNode(b);
            case Integer i -> Json.NODES.numberNode((long) i);
            case Long l -> Json.NODES.numberNode(l);
            case BigInteger b -> Json.NODES.numberNode(b);
            case BigDecimal d -> Json.NODES.numberNode(d);
            case Double d -> Json.NODES.numberNode(fromDouble(d));
            case Number x -> Json.NODES.numberNode(fromDouble(x.doubleValue()));
            case Map<?, ?> m -> {
                ObjectNode out = Json.object();
                m.forEach((k, v) -> {
                    JsonNode child = toNode(v);
                    if (child != null) {
                        out.set(String.valueOf(k), child);
                    }
                });
                yield out;
            }
            case List<?> l -> {
                ArrayNode out = Json.NODES.arrayNode();
                l.forEach(v -> {
                    JsonNode child = toNode(v);
                    if (child != null) {
                        out.add(child);
                    }
                });
                yield out;
            }
            default -> Json.NODES.textNode(o.toString());
        };
    }

    private static BigDecimal fromDouble(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("result " + d + " is not a finite number");
        }
        return normalize(new BigDecimal(d, DOUBLE_DIGITS));
    }

    private static BigDecimal normalize(BigDecimal d) {
        BigDecimal b = d.stripTrailingZeros();
        return b.scale() < 0 ? b.setScale(0) : b;
    }
}
