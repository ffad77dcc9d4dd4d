package io.sfnetl.etl.row;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.row.internal.Digits;
import io.sfnetl.etl.row.internal.Words;
import io.sfnetl.etl.spec.internal.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A typed row of the ETL core without a JSON tree: values by {@link RowLayout} slot, in insertion order — exactly the
 * order and values a Jackson {@link ObjectNode} would hold after the same puts and removes ({@link #toNode()} builds
 * that tree). Validation fills it, transforms change it in place, the staging writer writes it directly.
 *
 * <p>A value is a {@link String} (a JSON string), a {@link Long} (an integer node of a {@code long}), a
 * {@link BigDecimal} (an exact decimal node), or any other {@link JsonNode} (booleans, big integers, nulls, objects,
 * arrays, int nodes read back from staging); {@link #value(JsonNode)} puts a node into this form. A missing slot is
 * {@code null}.
 *
 * <p><b>Raw values</b> (the validator's fast path, decision 8 of docs/performance.md): a slot may instead hold a span
 * of the row's own copy of its ASCII source bytes ({@link #rawBuffer}, {@link #setRaw}) with its kind: text that needs no
 * JSON escape, or a number in exactly the form its typed value prints. {@link #get} makes the value on first use (a
 * String, Long or BigDecimal equal to the one the general path makes), the staging writer copies the bytes without
 * making it, and trim and ASCII case transforms change the span in place. Setting a slot to another value forgets
 * its span. Not thread-safe.
 */
public final class Row {
    private final RowLayout layout;
    private final Object[] values;
    /** Slots holding a value, in insertion order (an ObjectNode's LinkedHashMap order). */
    private final int[] order;
    private int size;
    /** The source bytes of raw values, or null ({@link #rawBuffer}). */
    private byte[] raw;
    /** Bytes of {@link #raw} in use: the source bytes, then values made later. */
    private int rawLength;
    /** Per slot: its raw value's span and kind ({@code from << 32 | to << 2 | kind}), 0 for none; null without raw. */
    private long[] spans;
    /** Per slot with a raw number: its unscaled value and scale (parsed once, for arithmetic and {@link #get}). */
    private long[] numbers;
    private byte[] scales;

    public Row(RowLayout layout) {
        this.layout = layout;
        this.values = new Object[layout.size()];
        this.order = new int[layout.size()];
    }

    /**
     * The row of an object's fields (a copy: later changes to either do not show in the other). Names outside
     * {@code layout} extend it for this row.
     */
    public static Row of(RowLayout layout, ObjectNode node) {
        RowLayout l = layout;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            if (layout.slot(it.next()) < 0) {
                List<String> names = new ArrayList<>();
                node.fieldNames().forEachRemaining(names::add);
                l = layout.extend(names);
                break;
            }
        }
        Row row = new Row(l);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            row.set(l.slot(e.getKey()), value(v.isContainerNode() ? v.deepCopy() : v));
        }
        return row;
    }

    /** A node as a row value: text, long and decimal nodes as String, Long and BigDecimal; others as they are. */
    public static Object value(JsonNode v) {
        if (v.getNodeType() == JsonNodeType.STRING) {
            return v.textValue();
        }
        if (v.isLong()) {
            return v.longValue();
        }
        if (v.isBigDecimal()) {
            return v.decimalValue();
        }
        return v;
    }

    /** A row value as a node (the inverse of {@link #value(JsonNode)}). */
    public static JsonNode node(Object v) {
        return switch (v) {
            case String s -> Json.NODES.textNode(s);
            case Long l -> Json.NODES.numberNode(l);
            case BigDecimal d -> Json.NODES.numberNode(d);
            case JsonNode n -> n;
            default -> throw new IllegalArgumentException("not a row value: " + v.getClass().getName());
        };
    }

    public RowLayout layout() {
        return layout;
    }

    /** @return the value of a slot, or null when absent */
    public Object get(int slot) {
        Object v = values[slot];
        return v == RAW ? materialize(slot) : v;
    }

    /** Text that needs no JSON escape. */
    public static final int RAW_TEXT = 1;
    /** An integer in {@link Long#toString()} form (at most 18 digits). */
    public static final int RAW_INTEGER = 2;
    /** A decimal in {@link BigDecimal#toString()} form of {@code BigDecimal.valueOf(unscaled, scale)}, at most 18 digits. */
    public static final int RAW_DECIMAL = 3;
    /** The marker of a raw slot in {@link #values} until {@link #get} makes its value. */
    private static final Object RAW = new Object();

    /**
     * The row's buffer for the source bytes of {@link #setRaw}, of at least {@code capacity} bytes: the caller copies
     * the bytes in, then sets raw values on them. The row owns it (case transforms change it in place) and keeps it
     * across {@link #clear()}.
     */
    public byte[] rawBuffer(int capacity) {
        if (raw == null || raw.length < capacity + SPARE) {
            raw = new byte[Math.max(capacity + SPARE, raw == null ? 256 : raw.length * 2)];
        }
        if (spans == null) {
            spans = new long[values.length];
            numbers = new long[values.length];
            scales = new byte[values.length];
        }
        rawLength = capacity;
        return raw;
    }

    /** Room kept after the source bytes for values made later ({@link #setRawDecimal}). */
    private static final int SPARE = 64;

    /**
     * Sets a slot to the decimal {@code unscaled * 10^-scale} as a raw value, its bytes written after the source
     * bytes, as {@link BigDecimal#toString()} prints {@code BigDecimal.valueOf(unscaled, scale)}.
     *
     * @return false (nothing set) when that print would use an exponent, or the row has no {@link #rawBuffer}
     */
    public boolean setRawDecimal(int slot, long unscaled, int scale) {
        if (raw == null || scale < 0 || scale > 18 || unscaled == Long.MIN_VALUE) {
            return false;
        }
        long v = Math.abs(unscaled);
        int digits = Digits.count(v);
        if (digits - 1 - scale < -6) {
            return false;   // toString's scientific notation
        }
        int length = (unscaled < 0 ? 1 : 0) + Digits.plainLength(digits, scale);
        if (rawLength + Math.max(length, 8) > raw.length) {
            raw = Arrays.copyOf(raw, Math.max(raw.length * 2, rawLength + Math.max(length, 8)));
        }
        int from = rawLength;
        int end = from + length;
        if (unscaled < 0 || Digits.writePlainWord(raw, from, v, scale) < 0) {   // the common short value in one word
            int first = Digits.writePlain(raw, end, v, scale);
            if (unscaled < 0) {
                raw[first - 1] = '-';
            }
        }
        rawLength = end;
        setRawNumber(slot, RAW_DECIMAL, from, end, unscaled, scale);
        return true;
    }

    /** The unscaled value of a slot's raw number ({@link #RAW_INTEGER} or {@link #RAW_DECIMAL}). */
    public long rawUnscaled(int slot) {
        return numbers[slot];
    }

    /** The scale of a slot's raw number: the digits after its point. */
    public int rawScale(int slot) {
        return scales[slot];
    }

    private int scanScale(int from, int to) {
        for (int i = from; i < to; i++) {
            if (raw[i] == '.') {
                return to - i - 1;
            }
        }
        return 0;
    }

    /** Removes every value, for the row to be filled again (one row per reader instead of one per record). */
    public void clear() {
        // the spans stay: a span counts only while its slot holds a value, and set and putRaw write it again
        if (size * 2 >= values.length) {
            java.util.Arrays.fill(values, null);   // a full row: one fill, not a store per value through order
        } else {
            for (int i = 0; i < size; i++) {
                values[order[i]] = null;
            }
        }
        size = 0;
    }

    /**
     * Sets a slot to the raw value {@code rawBuffer[from, to)} of the given kind ({@link #RAW_TEXT}, ...), which the caller
     * vouches for: ASCII, and for text free of {@code "}, {@code \} and control characters, for numbers in the exact
     * printed form of their value.
     */
    public void setRaw(int slot, int kind, int from, int to) {
        putRaw(slot, kind, from, to);
        if (kind != RAW_TEXT) {
            numbers[slot] = parseUnscaled(from, to);
            scales[slot] = (byte) scanScale(from, to);
        }
    }

    private void putRaw(int slot, int kind, int from, int to) {
        if (values[slot] == null) {
            order[size++] = slot;
        }
        values[slot] = RAW;
        spans[slot] = ((long) from << 32) | ((long) to << 2) | kind;
    }

    /** {@link #setRaw} of a number whose unscaled value and scale the caller parsed already. */
    public void setRawNumber(int slot, int kind, int from, int to, long unscaled, int scale) {
        putRaw(slot, kind, from, to);
        numbers[slot] = unscaled;
        scales[slot] = (byte) scale;
    }

    /** True when a slot holds a value (raw or made). */
    public boolean has(int slot) {
        return values[slot] != null;
    }

    /** The kind of a slot's raw value ({@link #RAW_TEXT}, ...), or 0 when it has none. */
    public int rawKind(int slot) {
        return spans == null || values[slot] == null ? 0 : (int) (spans[slot] & 3);
    }

    /** The bytes of {@link #rawBuffer}: slot {@code s}'s raw value is {@code rawBytes()[rawFrom(s), rawTo(s))}. */
    public byte[] rawBytes() {
        return raw;
    }

    public int rawFrom(int slot) {
        return (int) (spans[slot] >>> 32);
    }

    public int rawTo(int slot) {
        return (int) (spans[slot] & 0xFFFFFFFFL) >>> 2;
    }

    /**
     * Applies a text transform to a slot's raw text in place, as {@link String#strip()} ({@code op} 0),
     * {@code toUpperCase(Locale.ROOT)} (1) or {@code toLowerCase(Locale.ROOT)} (2) would change its value (for ASCII:
     * white space is 9-13, 28-32; case maps A-Z and a-z only).
     *
     * @return false when the slot holds no raw text (or its value was made): use the value
     */
    public boolean mapRawText(int slot, int op) {
        // small enough for the JIT to inline at each transform step; the byte work is in the two methods below
        if (values[slot] != RAW || rawKind(slot) != RAW_TEXT) {
            return false;
        }
        int from = rawFrom(slot);
        int to = rawTo(slot);
        byte[] b = raw;
        if (op != 0) {
            mapCase(b, from, to, op == 1);
        } else if (from != to && (b[from] <= ' ' || b[to - 1] <= ' ')) {   // strip() strips only chars up to a space
            strip(slot, b, from, to);
        }
        return true;
    }

    /** The span of raw text {@code b[from, to)} without the white space at its ends. */
    private void strip(int slot, byte[] b, int from, int to) {
        int start = from;
        int end = to;
        while (start < end && isAsciiSpace(b[start])) {
            start++;
        }
        while (end > start && isAsciiSpace(b[end - 1])) {
            end--;
        }
        spans[slot] = ((long) start << 32) | ((long) end << 2) | RAW_TEXT;
    }

    /** Maps the ASCII letters of {@code b[from, to)} to upper or lower case in place. */
    private static void mapCase(byte[] b, int from, int to, boolean upper) {
        byte lo = (byte) (upper ? 'a' : 'A');
        byte hi = (byte) (upper ? 'z' : 'Z');
        if (to - from >= 8) {
            // eight bytes a step, the last step overlapping the one before: mapping a mapped byte changes nothing
            long below = Words.below(lo);
            long above = Words.above(hi);
            for (int i = from; ; i = Math.min(i + 8, to - 8)) {
                long w = Words.get(b, i);
                Words.set(b, i, w ^ (Words.inRange(w, below, above) >>> 2));   // the letters' 0x20 bit flipped
                if (i == to - 8) {
                    return;
                }
            }
        }
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c >= lo && c <= hi) {
                b[i] = (byte) (c ^ 0x20);
            }
        }
    }

    /** {@link Character#isWhitespace} for an ASCII char (what {@link String#strip()} strips). */
    private static boolean isAsciiSpace(byte c) {
        return c == ' ' || (c >= 9 && c <= 13) || (c >= 28 && c <= 31);
    }

    private Object materialize(int slot) {
        int from = rawFrom(slot);
        int to = rawTo(slot);
        Object v = switch (rawKind(slot)) {
            case RAW_TEXT -> new String(raw, from, to - from, StandardCharsets.ISO_8859_1);
            case RAW_INTEGER -> numbers[slot];
            default -> BigDecimal.valueOf(numbers[slot], scales[slot]);
        };
        values[slot] = v;   // made once; the span stays, as the bytes still print this value
        return v;
    }

    /** The digits of {@code raw[from, to)} as a long, ignoring one '.', negative after a '-'. */
    private long parseUnscaled(int from, int to) {
        boolean negative = raw[from] == '-';
        long n = 0;
        for (int i = negative ? from + 1 : from; i < to; i++) {
            byte c = raw[i];
            if (c != '.') {
                n = n * 10 + (c - '0');
            }
        }
        return negative ? -n : n;
    }

    /** @return the value of a name, or null when absent or not in the layout */
    public Object get(String name) {
        int slot = layout.slot(name);
        return slot < 0 ? null : get(slot);
    }

    /** Sets a slot: replaces a present value in place, or appends the slot to the order. @param v non-null */
    public void set(int slot, Object v) {
        Object before = values[slot];
        if (before == null) {
            order[size++] = slot;
        }
        if (spans != null && v != before) {   // the same value object again keeps its raw bytes
            spans[slot] = 0;
        }
        values[slot] = v;
    }

    /** Removes a slot's value. @return the value removed, or null */
    public Object remove(int slot) {
        Object v = get(slot);
        if (v != null) {
            values[slot] = null;
            if (spans != null) {
                spans[slot] = 0;
            }
            for (int i = 0; i < size; i++) {
                if (order[i] == slot) {
                    System.arraycopy(order, i + 1, order, i, size - i - 1);
                    size--;
                    break;
                }
            }
        }
        return v;
    }

    /** The number of values. */
    public int size() {
        return size;
    }

    /** The slot of the {@code i}-th value in insertion order ({@code 0 <= i < size()}). */
    public int slotAt(int i) {
        return order[i];
    }

    /** The row as a new tree, as an ObjectNode after the same puts would be. */
    public ObjectNode toNode() {
        ObjectNode o = Json.object();
        for (int i = 0; i < size; i++) {
            int slot = order[i];
            o.set(layout.name(slot), node(get(slot)));
        }
        return o;
    }

    @Override
    public String toString() {
        return toNode().toString();
    }
}
