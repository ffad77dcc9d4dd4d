package io.sfnetl.etl.rules.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.etl.read.SourceRecord;
import io.sfnetl.etl.row.Row;
import io.sfnetl.etl.row.internal.Digits;
import io.sfnetl.etl.row.internal.Strings;
import io.sfnetl.etl.spec.FieldSpec;
import io.sfnetl.etl.spec.FieldType;
import io.sfnetl.etl.spec.internal.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
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
    /** The enum values of {@link #enumExact} and {@link #enumValues} that are ASCII, as bytes (the fast path's). */
    private final byte[][] enumAscii;
    private final String[] enumAsciiText;
    /** Per {@link #enumAscii} value of at most 8 bytes: its bytes as one little-endian word. */
    private final long[] enumWords;
    /** Per ASCII enum value, its bytes 8 to 15 as a little-endian word (zeros past its end). */
    private final long[] enumSeconds;
    /** Per ASCII enum value, the masks of its bytes in its first and second word: {@code [2i]}, {@code [2i + 1]}. */
    private final long[] enumMasks;
    private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    /** {@link #exactEnumValue}'s index of {@link #enumAscii}. */
    private final int[] enumIndex;
    /** The field's minLength and maxLength, 0 and Integer.MAX_VALUE when absent. */
    private final int minLength;
    private final int maxLength;
    /** The ASCII values of {@link #enumValues} (lowered when ignoring case), as bytes. */
    private final byte[][] enumAsciiLowered;
    private final Temporals.DateParser dates;
    private final Temporals.TimestampParser timestamps;
    private final Comparable<?> min;
    private final Comparable<?> max;
    /**
     * What {@link #acceptAscii} does: 0 string, 1 integer, 2 decimal, 3 ISO date without bounds, 4 the general
     * {@link #checkValue} on the value as a string.
     */
    private final int asciiKind;
    /** Decimal bounds that are zero compare by sign. */
    private final boolean minIsZero;
    private final boolean maxIsZero;
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
        this.enumAsciiText = java.util.Arrays.stream(enumExact).filter(v -> v.chars().allMatch(c -> c < 0x80))
                .toArray(String[]::new);
        this.enumAscii = asciiOnly(List.of(enumAsciiText));
        this.enumAsciiLowered = asciiOnly(enumValues);
        this.enumIndex = enumIndex(enumAscii);
        this.enumWords = new long[enumAscii.length];
        this.enumSeconds = new long[enumAscii.length];
        this.enumMasks = new long[2 * enumAscii.length];
        for (int i = 0; i < enumAscii.length; i++) {
            int n = enumAscii[i].length;
            enumMasks[2 * i] = n >= 8 ? -1L : -1L >>> ((8 - n) << 3);
            enumMasks[2 * i + 1] = n <= 8 ? 0 : n >= 16 ? -1L : -1L >>> ((16 - n) << 3);
            enumSeconds[i] = (long) LONGS.get(java.util.Arrays.copyOf(enumAscii[i], 16), 8) & enumMasks[2 * i + 1];
            byte[] v = java.util.Arrays.copyOf(enumAscii[i], 8);
            enumWords[i] = (long) LONGS.get(v, 0) & (-1L >>> ((8 - Math.min(enumAscii[i].length, 8)) << 3));
        }
        this.minLength = field.minLength() == null ? 0 : field.minLength();
        this.maxLength = field.maxLength() == null ? Integer.MAX_VALUE : field.maxLength();
        ZoneId zone = field.zone() == null ? ZoneOffset.UTC : ZoneId.of(field.zone());
        this.dates = field.type() == FieldType.DATE ? new Temporals.DateParser(field.formats()) : null;
        this.timestamps = field.type() == FieldType.TIMESTAMP
                ? new Temporals.TimestampParser(field.formats(), zone) : null;
        this.min = bound(field.min(), zone);
        this.max = bound(field.max(), zone);
        this.asciiKind = switch (field.type()) {
            case STRING -> 0;
            case INTEGER -> 1;
            case DECIMAL -> 2;
            case DATE -> min == null && max == null ? 3 : 4;
            case BOOLEAN, TIMESTAMP -> 4;
        };
        this.minIsZero = min instanceof BigDecimal m && m.signum() == 0;
        this.maxIsZero = max instanceof BigDecimal m && m.signum() == 0;
        Long lo = field.type() == FieldType.INTEGER ? exactLong(field.min(), Long.MIN_VALUE) : null;
        Long hi = field.type() == FieldType.INTEGER ? exactLong(field.max(), Long.MAX_VALUE) : null;
        this.longBounds = lo != null && hi != null;
        this.minLong = longBounds ? lo : 0;
        this.maxLong = longBounds ? hi : 0;
    }

    private static byte[][] asciiOnly(java.util.Collection<String> values) {
        return values.stream().filter(v -> v.chars().allMatch(c -> c < 0x80))
                .map(v -> v.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
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
                // plain text, except for an exponent whose plain text would be huge (1e999999999: a billion digits);
                // that one is kept in its short form, and typing rejects it as no DynamoDB number
                BigDecimal d = node.decimalValue();
                text = Math.abs((long) d.scale()) <= 1000 ? d.toPlainString() : d.toString();
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

    /** {@link #acceptAscii}: the value's bytes are not the row's raw bytes ({@link Row#rawBuffer}): no raw value. */
    public static final int NO_RAW = 0;
    /** {@link #acceptAscii}: the value's bytes are the row's raw bytes; numbers and dates may stay raw. */
    public static final int RAW_NUMBERS = 1;
    /** {@link #acceptAscii}: as {@link #RAW_NUMBERS}, and the bytes need no JSON escape, so text may stay raw too. */
    public static final int RAW_ALL = 2;

    /**
     * The fast path of {@link #checkValue} for a value given as bytes {@code b[from, to)} that are all ASCII (the
     * caller checked: no byte is negative), so that each byte is the char the general path would see: plain integers
     * and decimals, ISO dates and strings with simple patterns are checked on the bytes and, as {@code raw} allows,
     * kept as raw values of the row ({@link Row#setRaw}) when their bytes print their value; every other value goes
     * through {@link #checkValue} as a string.
     *
     * @param raw {@link #NO_RAW}, {@link #RAW_NUMBERS} or {@link #RAW_ALL}
     * @param scratch an empty list, left empty
     * @return true when the value is valid: its typed value is then in {@code row}'s slot {@code at} (nothing when it
     *     is empty and optional); false when it is not (nothing is said why: the caller takes the general path, whose
     *     reasons are the only ones)
     */
    public boolean acceptAscii(byte[] b, int from, int to, int raw, Row row, int at, List<String> scratch) {
        if (from == to) {
            return !field.required();
        }
        int decided = switch (asciiKind) {
            case 0 -> asciiString(b, from, to, raw, row, at);
            case 1 -> asciiInteger(b, from, to, raw, row, at);
            case 2 -> asciiDecimal(b, from, to, raw, row, at);
            case 3 -> dates.isIsoDate(b, from, to) ? text(b, from, to, raw != NO_RAW, row, at)   // digits and '-'
                    : UNDECIDED;
            default -> UNDECIDED;
        };
        if (decided != UNDECIDED) {
            return decided == ACCEPTED;
        }
        checkValue(new String(b, from, to - from, StandardCharsets.ISO_8859_1), row, at, scratch);
        if (scratch.isEmpty()) {
            return true;
        }
        scratch.clear();
        return false;
    }

    private static final int ACCEPTED = 1;
    private static final int REJECTED = 0;
    private static final int UNDECIDED = -1;

    private static int text(byte[] b, int from, int to, boolean raw, Row row, int at) {
        if (raw) {
            row.setRaw(at, Row.RAW_TEXT, from, to);
        } else {
            row.set(at, new String(b, from, to - from, StandardCharsets.ISO_8859_1));
        }
        return ACCEPTED;
    }

    /**
     * As {@link #checkText} for a string field, on the bytes: its pattern when bit-parallel ({@link SimplePattern}),
     * lengths (an ASCII char is a code point), enum values; UNDECIDED when the pattern needs the regex.
     */
    private int asciiString(byte[] b, int from, int to, int raw, Row row, int at) {
        if (pattern != null) {
            int found = simple == null ? SimplePattern.UNDECIDED : simple.findAscii(b, from, to, raw == RAW_ALL);
            if (found != 1) {
                return found == 0 ? REJECTED : UNDECIDED;
            }
        }
        int n = to - from;
        if (n < minLength || n > maxLength) {
            return REJECTED;
        }
        if (!enumValues.isEmpty() && raw != RAW_ALL) {
            for (int i = 0; i < enumAscii.length; i++) {
                if (enumAscii[i].length == n && sameBytes(enumAscii[i], b, from)) {
                    row.set(at, enumAsciiText[i]);   // the spec's own string: equal, not copied
                    return ACCEPTED;
                }
            }
            if (!field.ignoreCase() || !loweredEnumValue(b, from, to)) {
                return REJECTED;
            }
        } else if (!enumValues.isEmpty() && !exactEnumValue(b, from, to)
                && (!field.ignoreCase() || !loweredEnumValue(b, from, to))) {
            return REJECTED;
        }
        return text(b, from, to, raw == RAW_ALL, row, at);
    }

    private boolean exactEnumValue(byte[] b, int from, int to) {
        int n = to - from;
        int[] index = enumIndex;
        int i = index[enumSlot(n, b[from], b[to - 1], index[index.length - 1])];   // one candidate at most, mostly
        if (i >= 0) {
            byte[] v = enumAscii[i];
            if (v.length != n) {
                return false;
            }
            if (n <= 16 && from + 16 <= b.length) {
                // two words, the bytes past the value masked off: one path whatever the length (values of several
                // lengths made the branches on it mispredict)
                long first = ((long) LONGS.get(b, from) & enumMasks[2 * i]) ^ enumWords[i];
                long second = ((long) LONGS.get(b, from + 8) & enumMasks[2 * i + 1]) ^ enumSeconds[i];
                return (first | second) == 0;
            }
            return sameBytes(v, b, from);
        }
        if (i == -1) {
            return false;   // no value has this length, first and last byte
        }
        for (byte[] v : enumAscii) {   // -2: values share the slot
            if (v.length == n && sameBytes(v, b, from)) {
                return true;
            }
        }
        return false;
    }

    /** {@link #enumIndex}'s size is {@code 1 << ENUM_INDEX_BITS} slots. */
    private static final int ENUM_INDEX_BITS = 6;

    /** The slot of (length, first byte, last byte) in {@link #enumIndex}: a multiplicative hash by {@code salt}. */
    private static int enumSlot(int n, int first, int last, int salt) {
        return (((n << 16) ^ ((first & 0xFF) << 8) ^ (last & 0xFF)) * salt) >>> (32 - ENUM_INDEX_BITS);
    }

    /**
     * A salt for {@link #enumSlot} under which no two ASCII enum values share a slot, when one of the first few tried
     * has none (values sharing a slot are compared one by one: slower, and with branches that mispredict); its index
     * is {@code enumIndex[enumIndex.length - 1]}, past the slots.
     */
    private static int[] enumIndex(byte[][] values) {
        int[] best = null;
        for (int attempt = 0; attempt < 64; attempt++) {
            int salt = 0x9E3779B1 + attempt * 0x632BE5AA;   // odd: Fibonacci hashing's constant, then others
            int[] index = new int[(1 << ENUM_INDEX_BITS) + 1];
            java.util.Arrays.fill(index, -1);
            index[1 << ENUM_INDEX_BITS] = salt;
            boolean shared = false;
            for (int i = 0; i < values.length; i++) {
                byte[] v = values[i];
                if (v.length == 0) {
                    continue;   // an empty value never reaches the check (empty is missing)
                }
                int slot = enumSlot(v.length, v[0], v[v.length - 1], salt);
                shared |= index[slot] != -1;
                index[slot] = index[slot] == -1 ? i : -2;
            }
            if (!shared) {
                return index;
            }
            best = best == null ? index : best;
        }
        return best;
    }

    /**
     * With {@link #asciiString}'s exact comparison, the enum test of {@link #checkText} for ASCII bytes ignoring case:
     * their ASCII lower case equal to a value lowered as the general path lowers them. Values with other chars can
     * equal no ASCII text, lowered or not, so only the ASCII ones are compared.
     */
    private boolean loweredEnumValue(byte[] b, int from, int to) {
        for (byte[] v : enumAsciiLowered) {
            if (equalLowered(v, b, from, to)) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code b[from, from + value.length)} equals {@code value} (a plain loop: values are short). */
    private static boolean sameBytes(byte[] value, byte[] b, int from) {
        for (int i = 0; i < value.length; i++) {
            if (value[i] != b[from + i]) {
                return false;
            }
        }
        return true;
    }

    /** True when the ASCII lower case of {@code b[from, to)} equals {@code value}. */
    private static boolean equalLowered(byte[] value, byte[] b, int from, int to) {
        if (value.length != to - from) {
            return false;
        }
        for (int i = 0; i < value.length; i++) {
            int c = b[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != value[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * As {@link #typed} for a plain integer of at most 18 characters with whole bounds; else UNDECIDED. Raw when its
     * text is {@link Long#toString()}'s: no '+', no leading zero, not "-0".
     */
    private int asciiInteger(byte[] b, int from, int to, int raw, Row row, int at) {
        if (!longBounds || to - from > 18) {
            return UNDECIDED;
        }
        boolean negative = b[from] == '-';
        int first = negative || b[from] == '+' ? from + 1 : from;
        if (first == to) {
            return UNDECIDED;
        }
        long n = 0;
        for (int i = first; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return UNDECIDED;
            }
            n = n * 10 + d;
        }
        boolean canonical = b[from] != '+' && (b[first] != '0' || (to - first == 1 && !negative));
        n = negative ? -n : n;
        if (n < minLong || n > maxLong) {
            return REJECTED;
        }
        if (canonical && raw != NO_RAW) {
            row.setRawNumber(at, Row.RAW_INTEGER, from, to, n, 0);
        } else {
            row.set(at, n);
        }
        return ACCEPTED;
    }

    /**
     * As {@link #typed} and {@link #plainDecimal} for a plain decimal of at most 18 digits; else UNDECIDED. Raw when
     * its text is what {@link BigDecimal#toString()} prints for it: no '+', no leading zero before another digit, not
     * a negative zero, not so small that it prints with an exponent.
     */
    private int asciiDecimal(byte[] b, int from, int to, int raw, Row row, int at) {
        if (to - from <= 8 && from + 8 <= b.length) {
            long read = Digits.shortDecimal(b, from, to - from);   // the common short amount, as one word
            if (read >= 0) {
                return shortDecimal(read >>> 16, (int) (read >>> 8) & 0xFF, (int) read & 0xFF, b[from], raw, from,
                        to, row, at);
            }
        }
        return longDecimal(b, from, to, raw, row, at);
    }

    /**
     * {@link #asciiDecimal} of a decimal {@link Digits#shortDecimal} read: unsigned, at most eight bytes, so never so
     * small that it prints with an exponent (0.000001 is the smallest: adjusted exponent -6).
     */
    private int shortDecimal(long unscaled, int leading, int scale, byte first, int raw, int from, int to, Row row,
            int at) {
        if (outside(unscaled, scale)) {
            return REJECTED;
        }
        if ((leading == 1 || first != '0') && raw != NO_RAW) {
            row.setRawNumber(at, Row.RAW_DECIMAL, from, to, unscaled, scale);
        } else {
            row.set(at, BigDecimal.valueOf(unscaled, scale));
        }
        return ACCEPTED;
    }

    private int longDecimal(byte[] b, int from, int to, int raw, Row row, int at) {
        boolean negative = b[from] == '-';
        int first = negative || b[from] == '+' ? from + 1 : from;
        long unscaled = 0;   // wraps past 18 digits, which are then left to the general path
        int i = first;
        for (; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            unscaled = unscaled * 10 + d;
        }
        int leading = i - first;   // digits before the point
        int point = -1;
        if (i < to) {
            if (b[i] != '.' || leading == 0 || i == to - 1) {
                return UNDECIDED;
            }
            point = i;
            for (i++; i < to; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    return UNDECIDED;
                }
                unscaled = unscaled * 10 + d;
            }
        }
        int digits = to - first - (point < 0 ? 0 : 1);
        if (digits == 0 || digits > 18) {
            return UNDECIDED;
        }
        int significant = unscaled == 0 ? 0 : Digits.count(unscaled);   // from the first non-zero digit
        int scale = point < 0 ? 0 : to - 1 - point;
        long value = negative ? -unscaled : unscaled;
        if (outside(value, scale)) {
            return REJECTED;
        }
        boolean canonical = b[from] != '+' && !(negative && unscaled == 0)
                && (leading == 1 || b[first] != '0') && Math.max(significant, 1) - 1 - scale >= -6;
        if (canonical && raw != NO_RAW) {
            row.setRawNumber(at, Row.RAW_DECIMAL, from, to, value, scale);
        } else {
            row.set(at, BigDecimal.valueOf(value, scale));
        }
        return ACCEPTED;
    }

    /** True when {@code value * 10^-scale} is below min or above max (a zero bound without a BigDecimal). */
    private boolean outside(long value, int scale) {
        if (min != null && (minIsZero ? value < 0 : BigDecimal.valueOf(value, scale).compareTo((BigDecimal) min) < 0)) {
            return true;
        }
        return max != null && (maxIsZero ? value > 0 : BigDecimal.valueOf(value, scale).compareTo((BigDecimal) max) > 0);
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
                    BigDecimal value = new BigDecimal(big);
                    if (!storable(text, value, reasons)) {
                        return null;
                    }
                    checkRange(text, value, reasons);
                    return big.bitLength() < 64 ? (Object) big.longValue() : Json.NODES.numberNode(big);
                } catch (NumberFormatException e) {
                    reasons.add(label + ": " + shown(text) + " is not an integer");
                    return null;
                }
            case DECIMAL:
                BigDecimal d = plainDecimal(text);
                if (d == null && maybeNumber(text)) {
                    try {
                        d = new BigDecimal(text);
                    } catch (NumberFormatException e) {
                        // not a decimal: said below
                    }
                }
                if (d == null) {
                    reasons.add(label + ": " + shown(text) + " is not a decimal number");
                    return null;
                }
                if (!storable(text, d, reasons)) {
                    return null;
                }
                checkRange(text, d, reasons);
                return d;
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
     * False when {@code new BigDecimal(text)} surely throws: an ASCII char other than a digit, a sign, a point or an
     * exponent's e (a thrown and caught exception costs more than the rest of a row's checks). Other chars may be
     * digits of another script, which BigDecimal reads: those are left to it.
     */
    private static boolean maybeNumber(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 128 && !(c >= '0' && c <= '9') && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
                return false;
            }
        }
        return true;
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
    /** DynamoDB's number bounds: at most 38 significant digits, magnitude from 1E-130 to below 1E+126. */
    static final int MAX_DIGITS = 38;
    static final int MAX_EXPONENT = 125;
    static final int MIN_EXPONENT = -130;

    /**
     * False, with a reason, when a number cannot be a DynamoDB Number (Load would have it refused), which also keeps
     * numbers like {@code 1e99999999} (a hundred million digits once a transform scales or prints it) out of the
     * stages. Cheap for any size: a number of more than ~1,200 digits is judged from its bit length.
     */
    private boolean storable(String text, BigDecimal d, List<String> reasons) {
        if (d.signum() == 0) {
            return true;
        }
        BigInteger unscaled = d.unscaledValue().abs();
        long bits = unscaled.bitLength();
        boolean ok;
        if (bits <= 4096) {
            BigDecimal stripped = d.stripTrailingZeros();
            long adjusted = (long) d.precision() - d.scale() - 1;
            ok = stripped.precision() <= MAX_DIGITS && adjusted <= MAX_EXPONENT && adjusted >= MIN_EXPONENT;
        } else {
            // digits of the unscaled value: low or low + 1; trailing decimal zeros: at most its trailing zero bits
            long low = (long) ((bits - 1) * 0.30102999566398119) + 1;
            long adjustedLow = low - d.scale() - 1;
            ok = adjustedLow <= MAX_EXPONENT && adjustedLow + 1 >= MIN_EXPONENT
                    && low - unscaled.getLowestSetBit() <= MAX_DIGITS
                    && d.stripTrailingZeros().precision() <= MAX_DIGITS;
        }
        if (!ok) {
            reasons.add(label + ": " + shown(text) + " cannot be stored as a DynamoDB number (at most " + MAX_DIGITS
                    + " significant digits, magnitude from 1E" + MIN_EXPONENT + " to 9.9999999999999999999999999999999999999E+"
                    + MAX_EXPONENT + ")");
        }
        return ok;
    }

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
