package io.sfnetl.asl.validation.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.asl.internal.JsonSupport;
import io.sfnetl.asl.validation.Problem;
import java.util.ArrayList;
import java.util.List;

/** Collects problems and offers the small type checks every checker needs. Not thread-safe: one per validation. */
public final class Problems {
    private final List<Problem> list = new ArrayList<>();

    public void add(String location, String message) {
        list.add(new Problem(location, message));
    }

    public List<Problem> list() {
        return List.copyOf(list);
    }

    /** JSON Pointer of {@code key} under {@code parent}. */
    public static String at(String parent, String key) {
        return parent + "/" + key.replace("~", "~0").replace("/", "~1");
    }

    public static String at(String parent, int index) {
        return parent + "/" + index;
    }

    public static String type(JsonNode n) {
        return JsonSupport.typeName(n);
    }

    /** Checks that {@code n} is a string; reports and returns false otherwise. */
    public boolean string(JsonNode n, String location, String field) {
        if (n.isTextual()) {
            return true;
        }
        add(location, "'" + field + "' must be a string, found " + type(n));
        return false;
    }

    /** A non-empty array; {@code of} says of what, e.g. "choice rules". */
    public boolean nonEmptyArray(JsonNode n, String location, String field, String of) {
        if (n.isArray() && !n.isEmpty()) {
            return true;
        }
        add(location, "'" + field + "' must be a non-empty array of " + of + ", found "
                + (n.isArray() ? "an empty array" : type(n)));
        return false;
    }

    public boolean object(JsonNode n, String location, String field) {
        if (n.isObject()) {
            return true;
        }
        add(location, "'" + field + "' must be an object, found " + type(n));
        return false;
    }

    /** An integer in {@code [min, max]}; a fractional value or out-of-range value is reported with the range. */
    public boolean integer(JsonNode n, String location, String field, long min, long max) {
        if (!n.isIntegralNumber() && !(n.isNumber() && n.decimalValue().stripTrailingZeros().scale() <= 0)) {
            add(location, "'" + field + "' must be an integer between " + min + " and " + max + ", found " + type(n)
                    + (n.isValueNode() ? " " + n : ""));
            return false;
        }
        if (!n.canConvertToLong() || n.longValue() < min || n.longValue() > max) {
            add(location, "'" + field + "' must be between " + min + " and " + max + ", found " + n);
            return false;
        }
        return true;
    }

    public boolean number(JsonNode n, String location, String field, double min, double max) {
        if (!n.isNumber()) {
            add(location, "'" + field + "' must be a number between " + fmt(min) + " and " + fmt(max) + ", found " + type(n));
            return false;
        }
        if (n.doubleValue() < min || n.doubleValue() > max) {
            add(location, "'" + field + "' must be between " + fmt(min) + " and " + fmt(max) + ", found " + n);
            return false;
        }
        return true;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** One of {@code allowed} (a string); reported with the allowed values. */
    public boolean oneOf(JsonNode n, String location, String field, List<String> allowed) {
        if (n.isTextual() && allowed.contains(n.textValue())) {
            return true;
        }
        add(location, "'" + field + "' must be one of " + String.join(", ", allowed) + ", found "
                + (n.isTextual() ? "\"" + n.textValue() + "\"" : type(n)));
        return false;
    }
}
