package io.sfnetl.etl.storage.internal;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.sfnetl.etl.row.Row;
import io.sfnetl.etl.row.RowLayout;
import io.sfnetl.etl.row.internal.Digits;
import io.sfnetl.etl.row.internal.Words;

/**
 * Reads a staging line in the exact form the stages' writer gives it ({@link RowLineEncoder}:
 * {@code {"o":offset,"l":line,"r":{"name":value,...}}}, no white space) straight into a {@link Row} with raw values,
 * without a JSON tree: the Transform stage's fast path, as decision 8 of docs/performance.md is Validate's.
 *
 * <p>It only ever accepts what it is sure of, and the row it gives has the values, in the order, that the general
 * path ({@code Row.of(layout, tree)} of the line read by Jackson) gives: strings of printable ASCII without an escape
 * become raw text, other strings (escapes, well-formed UTF-8) the String Jackson decodes, integers of at most 18 digits raw integers, decimals of at most 18 digits printed by
 * {@link java.math.BigDecimal#toString()} as written (no exponent, no negative zero) raw decimals, {@code true},
 * {@code false} and {@code null} their nodes. Anything else (an unknown escape, ill-formed UTF-8, another number form, an
 * object or array value, a name outside the layout or twice in a row, other keys or white space, a line longer than
 * Jackson's string limit) is refused, and
 * the general path reads the line. {@code StagingRowReaderTest} compares both on every line. Not thread-safe.
 */
public final class StagingLineParser {
    private static final byte[] OFFSET = {'{', '"', 'o', '"', ':'};
    private static final byte[] LINE = {',', '"', 'l', '"', ':'};
    private static final byte[] ROW = {',', '"', 'r', '"', ':', '{'};

    private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = Words.ONES;
    private static final long HIGHS = Words.HIGHS;
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';
    private static final long SPACES = ONES * ' ';

    private final RowLayout layout;
    /**
     * Longer lines go the general way: Jackson refuses a string of more chars than this, and a line's bytes bound its
     * strings' chars.
     */
    private final int maxLine;
    /**
     * Per slot, its name as JSON writes it between the quotes, then the closing quote and the colon (a name it cannot
     * match: a backslash only, then the two).
     */
    private final byte[][] tokens;
    /** Per slot, its token as little-endian words (the last padded with zeros), and the mask of the last word's bytes. */
    private final long[][] tokenWords;
    private final long[] tokenMasks;
    /** Per position in a row, the slot the last row had there: rows of a part repeat the same names in order. */
    private final int[] predicted;
    private long offset;
    private long line;
    /** Scratch for decoded strings. */
    private final StringBuilder text = new StringBuilder();
    /** The value of the last {@link #parseLong}. */
    private long parsed;

    public StagingLineParser(RowLayout layout) {
        this.layout = layout;
        com.fasterxml.jackson.core.StreamReadConstraints limits =
                io.sfnetl.etl.storage.Json.MAPPER.getFactory().streamReadConstraints();
        this.maxLine = limits.getMaxStringLength();
        this.tokens = new byte[layout.size()][];
        this.tokenWords = new long[tokens.length][];
        this.tokenMasks = new long[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            byte[] name = quoted(layout, i, limits.getMaxNameLength());
            tokens[i] = java.util.Arrays.copyOf(name, name.length + 2);
            tokens[i][name.length] = '"';
            tokens[i][name.length + 1] = ':';
            int words = (tokens[i].length + 7) / 8;
            byte[] padded = java.util.Arrays.copyOf(tokens[i], words * 8);
            tokenWords[i] = new long[words];
            for (int w = 0; w < words; w++) {
                tokenWords[i][w] = (long) LONGS.get(padded, 8 * w);
            }
            int tail = tokens[i].length - 8 * (words - 1);
            tokenMasks[i] = tail == 8 ? -1L : (1L << (8 * tail)) - 1;
        }
        this.predicted = new int[layout.size()];
        java.util.Arrays.fill(predicted, -1);
    }

    /**
     * A slot's name as JSON writes it between the quotes; for a name that Jackson cannot encode (a lone surrogate) or
     * would refuse to read (too long), a lone backslash: a name read without an escape never equals it, so the general
     * path reads (or refuses) such a name.
     */
    private static byte[] quoted(RowLayout layout, int slot, int maxName) {
        try {
            byte[] name = layout.encoded(slot).asQuotedUTF8();
            return name.length <= maxName ? name : new byte[] {'\\'};
        } catch (IllegalArgumentException unencodable) {
            return new byte[] {'\\'};
        }
    }

    public RowLayout layout() {
        return layout;
    }

    /** The line's offset, after {@link #parse} accepted it. */
    public long offset() {
        return offset;
    }

    /** The line's source line, after {@link #parse} accepted it. */
    public long line() {
        return line;
    }

    /**
     * Fills {@code row} (of this parser's layout; cleared first) from the line {@code b[from, to)} (without its line
     * break), its raw values on the row's own copy of the line.
     *
     * @return false when the general path must read the line (the row's content is then undefined)
     */
    public boolean parse(byte[] b, int from, int to, Row row) {
        int n = to - from;
        if (n > maxLine) {
            return false;
        }
        row.clear();
        byte[] r = row.rawBuffer(n);
        System.arraycopy(b, from, r, 0, n);
        if (!at(r, 0, n, OFFSET)) {
            return false;
        }
        int p = parseLong(r, OFFSET.length, n);
        if (p < 0 || !at(r, p, n, LINE)) {
            return false;
        }
        long o = parsed;
        p = parseLong(r, p + LINE.length, n);
        if (p < 0 || !at(r, p, n, ROW)) {
            return false;
        }
        long l = parsed;
        p += ROW.length;
        if (p < n && r[p] == '}') {
            p++;
        } else {
            for (int k = 0; ; k++) {
                p = pair(r, p, n, row, k);
                if (p < 0 || p >= n) {
                    return false;
                }
                byte c = r[p++];
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    return false;
                }
            }
        }
        if (p != n - 1 || r[p] != '}') {
            return false;
        }
        offset = o;
        line = l;
        return true;
    }

    /** One {@code "name":value} at {@code p}, the {@code k}-th of the row: the position after it, or -1. */
    private int pair(byte[] r, int p, int n, Row row, int k) {
        if (p >= n || r[p] != '"') {
            return -1;
        }
        int slot = k < predicted.length ? predicted[k] : -1;
        if (slot >= 0 && isToken(r, p + 1, n, slot)) {
            p += 1 + tokens[slot].length;   // the name the last row had here, its closing quote and the colon
        } else {
            int nameFrom = ++p;
            while (p < n && r[p] != '"') {
                if (r[p] == '\\') {
                    return -1;
                }
                p++;
            }
            int nameTo = p++;
            if (p >= n - 1 || r[p] != ':') {
                return -1;
            }
            slot = slotOf(r, nameFrom, nameTo, k);
            p++;
        }
        if (slot < 0 || row.has(slot)) {
            return -1;
        }
        byte c = r[p];
        if (c == '"') {
            int valueFrom = ++p;
            // eight bytes a step while none is a quote, a backslash, a control char or part of a non-ASCII char
            for (; p + 8 <= n; p += 8) {
                long w = (long) LONGS.get(r, p);
                long q = w ^ QUOTES;
                long b = w ^ BACKSLASHES;
                if (((((q - ONES) & ~q) | ((b - ONES) & ~b) | (w - SPACES) | w) & HIGHS) != 0) {
                    break;
                }
            }
            while (p < n) {
                byte x = r[p];
                if (x == '"') {
                    row.setRaw(slot, Row.RAW_TEXT, valueFrom, p);
                    return p + 1;
                }
                if (x < 0x20 || x == '\\') {   // a control char, an escape, or (negative) a byte of a non-ASCII char
                    return decoded(r, valueFrom, n, row, slot);
                }
                p++;
            }
            return -1;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number(r, p, n, row, slot);
        }
        if (literal(r, p, n, "true")) {
            row.set(slot, BooleanNode.TRUE);
            return p + 4;
        }
        if (literal(r, p, n, "false")) {
            row.set(slot, BooleanNode.FALSE);
            return p + 5;
        }
        if (literal(r, p, n, "null")) {
            row.set(slot, NullNode.getInstance());
            return p + 4;
        }
        return -1;
    }

    /**
     * A string value with escapes or non-ASCII chars (from {@code from}, after its opening quote) as the String
     * Jackson decodes: the position after its closing quote, or -1 when it is not sure (a raw control char, an unknown
     * escape, UTF-8 that is not strictly well-formed: the general path decides, or says why the line is bad).
     */
    private int decoded(byte[] r, int from, int n, Row row, int slot) {
        StringBuilder sb = text;
        sb.setLength(0);
        int p = from;
        while (p < n) {
            int c = r[p];
            if (c == '"') {
                row.set(slot, sb.toString());
                return p + 1;
            }
            if (c >= 0x20 && c != '\\') {
                sb.append((char) c);
                p++;
            } else if (c == '\\') {
                if (p + 1 >= n) {
                    return -1;
                }
                int e = r[p + 1];
                switch (e) {
                    case '"', '\\', '/' -> sb.append((char) e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        int u = p + 6 <= n ? hex4(r, p + 2) : -1;
                        if (u < 0) {
                            return -1;
                        }
                        sb.append((char) u);
                        p += 4;
                    }
                    default -> {
                        return -1;
                    }
                }
                p += 2;
            } else if (c >= 0) {
                return -1;   // a control char not escaped: not JSON
            } else {
                p = utf8(r, p, n, sb);
                if (p < 0) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** The value of four hex digits at {@code p}, or -1. */
    private static int hex4(byte[] r, int p) {
        int v = 0;
        for (int i = p; i < p + 4; i++) {
            int d = Character.digit(r[i], 16);
            if (d < 0) {
                return -1;
            }
            v = v << 4 | d;
        }
        return v;
    }

    /**
     * Appends the char(s) of the UTF-8 sequence at {@code p} (its first byte at least 0x80): the position after it, or
     * -1 when it is not a well-formed sequence (overlong, a surrogate, above U+10FFFF, truncated).
     */
    private static int utf8(byte[] r, int p, int n, StringBuilder sb) {
        int b0 = r[p] & 0xFF;
        int length;
        int cp;
        int min;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            length = 2;
            cp = b0 & 0x1F;
            min = 0x80;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            length = 3;
            cp = b0 & 0x0F;
            min = 0x800;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            length = 4;
            cp = b0 & 0x07;
            min = 0x10000;
        } else {
            return -1;
        }
        if (p + length > n) {
            return -1;
        }
        for (int i = 1; i < length; i++) {
            int b = r[p + i] & 0xFF;
            if ((b & 0xC0) != 0x80) {
                return -1;
            }
            cp = cp << 6 | (b & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return -1;
        }
        sb.appendCodePoint(cp);
        return p + length;
    }

    /**
     * A JSON number at {@code p} as a raw integer or decimal when its text is exactly how the value prints: the
     * position after it, or -1.
     */
    private static int number(byte[] r, int p, int n, Row row, int slot) {
        int start = p;
        boolean negative = r[p] == '-';
        if (negative) {
            p++;
        }
        if (p >= n || r[p] < '0' || r[p] > '9' || (r[p] == '0' && p + 1 < n && r[p + 1] >= '0' && r[p + 1] <= '9')) {
            return -1;   // not JSON (the general path says why), or a leading zero
        }
        long v = 0;
        int digits = 0;
        for (; p < n && r[p] >= '0' && r[p] <= '9'; p++, digits++) {
            v = v * 10 + (r[p] - '0');
            if (digits == 18) {
                return -1;   // more than 18 digits: not a long's raw number
            }
        }
        int scale = 0;
        if (p < n && r[p] == '.') {
            int f = ++p;
            for (; p < n && r[p] >= '0' && r[p] <= '9'; p++, digits++) {
                v = v * 10 + (r[p] - '0');
                if (digits == 18) {
                    return -1;
                }
            }
            scale = p - f;
            if (scale == 0) {
                return -1;
            }
        }
        if ((p < n && (r[p] == 'e' || r[p] == 'E')) || (negative && v == 0)) {
            return -1;   // an exponent, or -0 that the value prints as 0
        }
        if (scale == 0) {
            row.setRawNumber(slot, Row.RAW_INTEGER, start, p, negative ? -v : v, 0);
            return p;
        }
        // BigDecimal.toString() prints plain (as written) when the adjusted exponent is at least -6
        if ((v == 0 ? 1 : Digits.count(v)) - 1 - scale < -6) {
            return -1;
        }
        row.setRawNumber(slot, Row.RAW_DECIMAL, start, p, negative ? -v : v, scale);
        return p;
    }

    /**
     * True when {@code r[at, n)} starts with slot's token and a byte follows it: compared a word at a time (the row's
     * buffer has room after the line for a last word read past it; the mask keeps only the token's bytes).
     */
    private boolean isToken(byte[] r, int at, int n, int slot) {
        long[] words = tokenWords[slot];
        int length = tokens[slot].length;
        if (at + length >= n || at + words.length * 8 > r.length) {
            return false;
        }
        int last = words.length - 1;
        for (int i = 0; i < last; i++) {
            if ((long) LONGS.get(r, at + 8 * i) != words[i]) {
                return false;
            }
        }
        return (((long) LONGS.get(r, at + 8 * last) ^ words[last]) & tokenMasks[slot]) == 0;
    }

    /** The slot of the name {@code r[from, to)}, tried first where the last row had its {@code k}-th name; or -1. */
    private int slotOf(byte[] r, int from, int to, int k) {
        if (k < predicted.length) {
            int s = predicted[k];
            if (s >= 0 && named(r, from, to, s)) {
                return s;
            }
        }
        for (int s = 0; s < tokens.length; s++) {
            if (named(r, from, to, s)) {
                if (k < predicted.length) {
                    predicted[k] = s;
                }
                return s;
            }
        }
        return -1;
    }

    /** True when {@code r[from, to)} is slot's name (its token without the closing quote and colon). */
    private boolean named(byte[] r, int from, int to, int slot) {
        byte[] token = tokens[slot];
        return token.length - 2 == to - from && java.util.Arrays.equals(r, from, to, token, 0, to - from);
    }

    /** An integer without a leading zero and of at most 18 digits at {@code p} into {@link #parsed}: its end, or -1. */
    private int parseLong(byte[] r, int p, int n) {
        boolean negative = p < n && r[p] == '-';
        int i = negative ? p + 1 : p;
        long v = 0;
        int start = i;
        for (; i < n && r[i] >= '0' && r[i] <= '9'; i++) {
            v = v * 10 + (r[i] - '0');
        }
        int digits = i - start;
        if (digits == 0 || digits > 18 || (digits > 1 && r[start] == '0')) {
            return -1;
        }
        parsed = negative ? -v : v;
        return i;
    }

    private static boolean at(byte[] r, int p, int n, byte[] what) {
        return p + what.length <= n && java.util.Arrays.equals(r, p, p + what.length, what, 0, what.length);
    }

    private static boolean literal(byte[] r, int p, int n, String word) {
        if (p + word.length() > n) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (r[p + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
