package io.sfnetl.etl.rules.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.etl.read.SourceRecord;
import io.sfnetl.etl.row.Row;
import io.sfnetl.etl.row.internal.Strings;
import io.sfnetl.etl.spec.FieldSpec;
import io.sfnetl.etl.spec.FieldType;
import io.sfnetl.etl.spec.internal.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The compiled checks of one field: reads its value from a record, types it, applies its rules. Thread-safe. */
public final class FieldCheck {
    private static final int SHOWN_CHARS = 60;

    private final FieldSpec field;
    /** Values of types other than string are stripped before typing. */
    private final boolean stripped;
    private final String label;
    private final boolean pointer;
    private final Pattern pattern;
    /** One matcher per thread, reset per value (a Matcher per value costs more than the match of a short value). */
    private final ThreadLocal<Matcher> matchers;
    /** The pattern without a Matcher when it is a simple one, else null. */
    private final SimplePattern simple;
    private final Set<String> enumValues;
    /** The enum values as written in the spec: a value equal to one matches without lower-casing. */
    private final String[] enumExact;
    /** The same as a set, for long enums (a scan is cheaper than hashing a new string only for a few values). */
    private final Set<String> enumExactSet;
    private final Temporals.DateParser dates;
    private final Temporals.TimestampParser timestamps;
    private final Comparable<?> min;
    private final Comparable<?> max;
    /** Integer fields with whole bounds compare longs (no BigDecimal per value). */
    private final boolean longBounds;
    private final long minLong;
    private final long maxLong;

    public FieldCheck(FieldSpec field) {
        this.field = field;
        this.stripped = field.type() != FieldType.STRING;
        this.label = "field '" + field.name() + "'";
        this.pointer = field.source().startsWith("/");
        this.pattern = field.pattern() == null ? null : Pattern.compile(field.pattern());
        this.matchers = pattern == null ? null : ThreadLocal.withInitial(() -> pattern.matcher(""));
        this.simple = pattern == null ? null : SimplePattern.compile(field.pattern());
        Set<String> values = new HashSet<>();
        for (String v : field.enumValues()) {
            values.add(field.ignoreCase() ? v.toLowerCase(Locale.ROOT) : v);
        }
        this.enumValues = Set.copyOf(values);
        this.enumExact = field.enumValues().stream().distinct().toArray(String[]::new);
        this.enumExactSet = Set.copyOf(field.enumValues());
        ZoneId zone = field.zone() == null ? ZoneOffset.UTC : ZoneId.of(field.zone());
        this.dates = field.type() == FieldType.DATE ? new Temporals.DateParser(field.formats()) : null;
        this.timestamps = field.type() == FieldType.TIMESTAMP
                ? new Temporals.TimestampParser(field.formats(), zone) : null;
        this.min = bound(field.min(), zone);
        this.max = bound(field.max(), zone);
        Long lo = field.type() == FieldType.INTEGER ? exactLong(field.min(), Long.MIN_VALUE) : null;
        Long hi = field.type() == FieldType.INTEGER ? exactLong(field.max(), Long.MAX_VALUE) : null;
        this.longBounds = lo != null && hi != null;
        this.minLong = longBounds ? lo : 0;
        this.maxLong = longBounds ? hi : 0;
    }

    /** @return the bound as a long when it is a whole number in range, the default when absent, else null */
    private static Long exactLong(String bound, long absent) {
        if (bound == null) {
            return absent;
        }
        try {
            return new BigDecimal(bound).longValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /** A min/max bound as a comparable of the field's type, or null. */
    private Comparable<?> bound(String text, ZoneId zone) {
        if (text == null) {
            return null;
        }
        return switch (field.type()) {
            case INTEGER, DECIMAL -> new BigDecimal(text);
            case DATE -> LocalDate.parse(text);
            case TIMESTAMP -> new Temporals.TimestampParser(List.of(Temporals.ISO), zone).parse(text);
            case STRING, BOOLEAN -> null;
        };
    }

    /**
     * Reads, types and checks the field; puts the typed value into {@code row} at slot {@code at} when valid and present
     * (as a {@link Row} value: string, date and timestamp as String, integer as Long or a big-integer node, decimal
     * as BigDecimal, boolean as a boolean node).
     *
     * @param reasons receives every reason the value is invalid
     */
    public void check(SourceRecord record, Row row, int at, List<String> reasons) {
        String text;
        if (record.csvValues() != null) {
            text = record.csvValues().get(field.source());
        } else {
            JsonNode node = pointer ? record.json().at(field.source()) : record.json().get(field.source());
            if (node == null || node.isNull() || node.isMissingNode()) {
                text = null;
            } else if (node.isContainerNode()) {
                reasons.add(label + ": is " + (node.isArray() ? "an array" : "an object") + ", not a "
                        + field.type().specName());
                return;
            } else if (node.isBigDecimal()) {
                text = node.decimalValue().toPlainString();
            } else {
                text = node.asText();
            }
        }
        checkValue(text, row, at, reasons);
    }

    /**
     * As {@link #check(SourceRecord, Row, int, List)} for the field's raw text already read from the record.
     *
     * @param text the field's value as read (not stripped), or null when the record has no such column or key
     */
    public void checkValue(String text, Row row, int at, List<String> reasons) {
        if (stripped && text != null) {
            text = Strings.strip(text);
        }
        if (text == null || text.isEmpty()) {
            if (field.required()) {
                reasons.add(label + ": is required but " + (text == null ? "missing" : "empty"));
            }
            return;
        }
        int before = reasons.size();
        checkText(text, reasons);
        Object value = typed(text, reasons);
        if (reasons.size() == before) {
            row.set(at, value);
        }
    }

    private void checkText(String text, List<String> reasons) {
        if (pattern != null && !matches(text)) {
            reasons.add(label + ": " + shown(text) + " does not match pattern " + field.pattern());
        }
        if (field.minLength() != null || field.maxLength() != null) {
            int length = text.codePointCount(0, text.length());
            if (field.minLength() != null && length < field.minLength()) {
                reasons.add(label + ": " + shown(text) + " is shorter than minLength " + field.minLength()
                        + " (" + length + " characters)");
            }
            if (field.maxLength() != null && length > field.maxLength()) {
                reasons.add(label + ": " + shown(text) + " is longer than maxLength " + field.maxLength()
                        + " (" + length + " characters)");
            }
        }
        if (!enumValues.isEmpty() && !isExactEnumValue(text)
                && !enumValues.contains(field.ignoreCase() ? text.toLowerCase(Locale.ROOT) : text)) {
            reasons.add(label + ": " + shown(text) + " is not one of " + field.enumValues().stream().sorted().toList()
                    + (field.ignoreCase() ? " (ignoring case)" : ""));
        }
    }

    /** True when the text is one of the enum values as the spec writes them (a scan: no hash of a new string). */
    private boolean isExactEnumValue(String text) {
        if (enumExact.length > 16) {
            return enumExactSet.contains(text);
        }
        for (String v : enumExact) {
            if (v.equals(text)) {
                return true;
            }
        }
        return false;
    }

    private boolean matches(String text) {
        if (simple != null) {
            int found = simple.find(text);
            if (found != SimplePattern.UNDECIDED) {
                return found == 1;
            }
        }
        return matchers.get().reset(text).find();
    }

    /** @return the typed value (a {@link Row} value), or null after adding a reason */
    private Object typed(String text, List<String> reasons) {
        switch (field.type()) {
            case STRING:
                return text;
            case INTEGER:
                if (text.length() <= 18 && isPlainInteger(text)) {
                    long n = Long.parseLong(text);
                    if (longBounds) {
                        if (n < minLong) {
                            outOfRange(text, true, reasons);
                        } else if (n > maxLong) {
                            outOfRange(text, false, reasons);
                        }
                    } else {
                        checkRange(text, BigDecimal.valueOf(n), reasons);
                    }
                    return n;
                }
                try {
                    BigInteger big = new BigInteger(text);
                    checkRange(text, new BigDecimal(big), reasons);
                    return big.bitLength() < 64 ? (Object) big.longValue() : Json.NODES.numberNode(big);
                } catch (NumberFormatException e) {
                    reasons.add(label + ": " + shown(text) + " is not an integer");
                    return null;
                }
            case DECIMAL:
                try {
                    BigDecimal d = plainDecimal(text);
                    if (d == null) {
                        d = new BigDecimal(text);
                    }
                    checkRange(text, d, reasons);
                    return d;
                } catch (NumberFormatException e) {
                    reasons.add(label + ": " + shown(text) + " is not a decimal number");
                    return null;
                }
            case BOOLEAN:
                switch (text.toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "y", "1":
                        return Json.NODES.booleanNode(true);
                    case "false", "no", "n", "0":
                        return Json.NODES.booleanNode(false);
                    default:
                        reasons.add(label + ": " + shown(text) + " is not a boolean (use true/false, yes/no, 1/0)");
                        return null;
                }
            case DATE:
                if (min == null && max == null && dates.isIsoDate(text)) {
                    return text; // already the canonical form of a valid date: no LocalDate, no new string
                }
                LocalDate date = dates.parse(text);
                if (date == null) {
                    reasons.add(label + ": " + shown(text) + " is not a date in " + formats());
                    return null;
                }
                checkRange(text, date, reasons);
                return isIsoText(text, date) ? text : date.toString();
            case TIMESTAMP:
                Instant t = timestamps.parse(text);
                if (t == null) {
                    reasons.add(label + ": " + shown(text) + " is not a timestamp in " + formats());
                    return null;
                }
                checkRange(text, t, reasons);
                return t.toString();
            default:
                throw new IllegalStateException("unhandled type " + field.type());
        }
    }

    /** True when {@code text} is already {@code date.toString()} (YYYY-MM-DD of the same date): no new string. */
    private static boolean isIsoText(String text, LocalDate date) {
        return text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-'
                && Temporals.digits(text, 0, 4) == date.getYear()
                && Temporals.digits(text, 5, 7) == date.getMonthValue()
                && Temporals.digits(text, 8, 10) == date.getDayOfMonth();
    }

    /**
     * {@code new BigDecimal(text)} (same unscaled value and scale) for a plain decimal of at most 18 digits
     * ({@code [+-]?digits[.digits]}), without the general parser; null for any other text.
     */
    static BigDecimal plainDecimal(String text) {
        int n = text.length();
        int i = n > 0 && (text.charAt(0) == '-' || text.charAt(0) == '+') ? 1 : 0;
        long unscaled = 0;
        int digits = 0;
        int point = -1;
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++digits > 18) {
                    return null;
                }
                unscaled = unscaled * 10 + (c - '0');
            } else if (c == '.' && point < 0 && digits > 0) {
                point = i;
            } else {
                return null;
            }
        }
        if (digits == 0 || point == n - 1) {
            return null;
        }
        return BigDecimal.valueOf(text.charAt(0) == '-' ? -unscaled : unscaled, point < 0 ? 0 : n - 1 - point);
    }

    private static boolean isPlainInteger(String text) {
        int i = text.charAt(0) == '-' || text.charAt(0) == '+' ? 1 : 0;
        if (i == text.length()) {
            return false;
        }
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void checkRange(String text, Comparable value, List<String> reasons) {
        if (min != null && value.compareTo(min) < 0) {
            outOfRange(text, true, reasons);
        }
        if (max != null && value.compareTo(max) > 0) {
            outOfRange(text, false, reasons);
        }
    }

    private void outOfRange(String text, boolean belowMin, List<String> reasons) {
        reasons.add(label + ": " + shown(text) + (belowMin ? " is less than min " + field.min()
                : " is greater than max " + field.max()));
    }

    private String formats() {
        return field.formats().isEmpty() ? "[iso]" : field.formats().toString();
    }

    /** The value as shown in a reason: quoted and shortened, or hidden for a sensitive field. */
    private String shown(String text) {
        if (field.sensitive()) {
            return "the value (sensitive, not shown)";
        }
        return "'" + (text.length() > SHOWN_CHARS ? text.substring(0, SHOWN_CHARS) + "...'" : text + "'");
    }
}
