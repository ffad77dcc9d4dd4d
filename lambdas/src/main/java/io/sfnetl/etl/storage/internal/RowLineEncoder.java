package io.sfnetl.etl.storage.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.sfnetl.etl.row.Row;
import io.sfnetl.etl.row.RowLayout;
import io.sfnetl.etl.row.internal.Digits;
import io.sfnetl.etl.storage.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes staging lines {@code {"o":offset,"l":line,"r":{row}}} of {@link Row}s straight into bytes: the same bytes
 * Jackson's UTF-8 generator of {@link Json#MAPPER} writes for the row's tree (strings escaped as it does: {@code \"},
 * {@code \\}, {@code \b \t \n \f \r}, other control characters and lone or paired UTF-16 surrogates as
 * {@code \}{@code uXXXX}; everything else as UTF-8), without a generator call per token. Values that are neither
 * strings, longs, decimals, booleans, nulls nor plain integers are written by a Jackson generator into a scratch
 * buffer. Not thread-safe.
 */
public final class RowLineEncoder {
    private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** Per 7-bit char: 0 = as is, a letter = backslash + it, -1 = {@code \}{@code u00XX}. */
    private static final int[] ESCAPES = new int[128];
    /** The line's fixed parts, padded for {@link #copy} (their lengths: 5, 5, 6). */
    private static final byte[] OFFSET = java.util.Arrays.copyOf("{\"o\":".getBytes(StandardCharsets.US_ASCII), 16);
    private static final byte[] LINE = java.util.Arrays.copyOf(",\"l\":".getBytes(StandardCharsets.US_ASCII), 16);
    private static final byte[] ROW = java.util.Arrays.copyOf(",\"r\":{".getBytes(StandardCharsets.US_ASCII), 16);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    static {
        for (int c = 0; c < 32; c++) {
            ESCAPES[c] = -1;
        }
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
    }

    private byte[] buf = new byte[1 << 16];
    private char[] chars = new char[256];
    private int len;
    private RowLayout names;
    private byte[][] nameBytes;
    /** Per slot, the length of its {@link #nameBytes} without the padding. */
    private int[] nameLengths;
    private ByteArrayOutputStream scratch;
    private JsonGenerator scratchGenerator;

    /** Bytes encoded and not yet {@link #drainTo drained}. */
    public int pending() {
        return len;
    }

    /** Writes the pending bytes to {@code out} and forgets them. */
    public void drainTo(OutputStream out) throws IOException {
        if (len > 0) {
            out.write(buf, 0, len);
            len = 0;
        }
    }

    /** Appends one staging line and its line break. */
    public void line(long offset, long line, Row row) {
        RowLayout layout = row.layout();
        if (layout != names) {
            nameBytes = new byte[layout.size()][];
            nameLengths = new int[layout.size()];
            names = layout;
        }
        ensure(96);
        copy(OFFSET, 0, 5);
        putLong(offset);
        copy(LINE, 0, 5);
        putLong(line);
        copy(ROW, 0, 6);
        // the buffer and the length in locals for the raw values (most of a line): as fields, each copy stored and
        // reloaded them
        byte[] b = buf;
        int at = len;
        for (int i = 0, n = row.size(); i < n; i++) {
            int slot = row.slotAt(i);
            byte[] name = nameBytes[slot];
            if (name == null) {
                name = nameBytes[slot] = fieldName(layout.encoded(slot).asQuotedUTF8());
                nameLengths[slot] = name.length - PAD;
            }
            // name is ,"name":" : the comma only after the first value, the quote only before raw text
            int skip = i == 0 ? 1 : 0;
            int nameLength = nameLengths[slot] - skip;
            int kind = row.rawKind(slot);
            if (kind != 0) {
                int from = row.rawFrom(slot);
                int length = row.rawTo(slot) - from;
                boolean text = kind == Row.RAW_TEXT;
                if (at + nameLength + length + 1 + 2 * SHORT > b.length) {
                    len = at;
                    ensure(nameLength + length + 1 + 2 * SHORT);
                    b = buf;
                }
                at = copy(b, at, name, skip, nameLength - (text ? 0 : 1));
                at = copy(b, at, row.rawBytes(), from, length);
                b[at] = '"';
                at += text ? 1 : 0;
            } else {
                len = at;
                ensure(nameLength + 2 * SHORT);
                len = copy(buf, len, name, skip, nameLength - 1);
                value(row.get(slot));
                b = buf;
                at = len;
            }
        }
        len = at;
        ensure(3);
        buf[len++] = '}';
        buf[len++] = '}';
        buf[len++] = '\n';
    }

    /**
     * Copies of at most this many bytes are made as two words, of at most twice as many as four (a call of
     * System.arraycopy costs about twice as much as either).
     */
    private static final int SHORT = 16;
    /** Zero bytes after each name, so that a short copy from its second byte never reads past the array. */
    private static final int PAD = SHORT;

    /**
     * Appends {@code src[from, from + n)}; the caller ensured {@code n + 2 * SHORT} bytes of room (a short copy writes
     * a whole sixteen or thirty-two bytes, the ones past {@code n} are overwritten by what comes next).
     */
    private void copy(byte[] src, int from, int n) {
        len = copy(buf, len, src, from, n);
    }

    /** {@link #copy(byte[], int, int)} into {@code b} at {@code at}: @return {@code at + n} */
    private static int copy(byte[] b, int at, byte[] src, int from, int n) {
        if (n <= SHORT && from + SHORT <= src.length) {
            LONGS.set(b, at, (long) LONGS.get(src, from));
            LONGS.set(b, at + 8, (long) LONGS.get(src, from + 8));
        } else if (n <= 2 * SHORT && from + 2 * SHORT <= src.length) {
            LONGS.set(b, at, (long) LONGS.get(src, from));
            LONGS.set(b, at + 8, (long) LONGS.get(src, from + 8));
            LONGS.set(b, at + 16, (long) LONGS.get(src, from + 16));
            LONGS.set(b, at + 24, (long) LONGS.get(src, from + 24));
        } else {
            System.arraycopy(src, from, b, at, n);
        }
        return at + n;
    }

    /** {@code ,"name":"} of a field name already quoted for JSON, and {@link #PAD} zero bytes. */
    private static byte[] fieldName(byte[] quoted) {
        byte[] b = new byte[quoted.length + 5 + PAD];
        b[0] = ',';
        b[1] = '"';
        System.arraycopy(quoted, 0, b, 2, quoted.length);
        int end = quoted.length + 5;
        b[end - 3] = '"';
        b[end - 2] = ':';
        b[end - 1] = '"';
        return b;
    }

    private void value(Object v) {
        // an instanceof chain: the row's value types by frequency, cheaper than a type switch's bootstrap dispatch
        if (v instanceof String s) {
            putString(s);
        } else if (v instanceof BigDecimal d) {
            putDecimal(d);
        } else if (v instanceof Long l) {
            ensure(20);
            putLong(l);
        } else if (v instanceof JsonNode n) {
            node(n);
        } else {
            throw new IllegalArgumentException("not a row value: " + v.getClass().getName());
        }
    }

    private void node(JsonNode n) {
        JsonNodeType type = n.getNodeType();
        if (type == JsonNodeType.BOOLEAN) {
            ensure(5);
            put(n.booleanValue() ? TRUE : FALSE);
        } else if (type == JsonNodeType.NULL) {
            ensure(4);
            put(NULL);
        } else if (type == JsonNodeType.STRING) {
            putString(n.textValue());
        } else if (n.isInt() || n.isLong() || n.isShort()) {
            ensure(20);
            putLong(n.longValue());
        } else if (n.isBigInteger()) {
            putAscii(n.bigIntegerValue().toString());
        } else {
            viaJackson(n);
        }
    }

    /** Containers and other numbers: a Jackson generator walks the tree as the tree writer does. */
    private void viaJackson(JsonNode n) {
        try {
            if (scratchGenerator == null) {
                scratch = new ByteArrayOutputStream();
                scratchGenerator = Json.MAPPER.createGenerator(scratch);
                scratchGenerator.setRootValueSeparator(null);
            }
            scratch.reset();
            io.sfnetl.etl.storage.StagingLines.write(scratchGenerator, n);
            scratchGenerator.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        byte[] b = scratch.toByteArray();
        ensure(b.length);
        put(b);
    }

    /**
     * A decimal as {@link BigDecimal#toString()} writes it (Jackson's form), without building the string when it is in
     * plain notation with an unscaled value of at most 18 digits: {@code scale >= 0} and an adjusted exponent
     * {@code >= -6}. Others (exponents, big values) go through {@code toString()}.
     */
    private void putDecimal(BigDecimal d) {
        int scale = d.scale();
        if (scale < 0 || scale > 18 || d.precision() > 18) {
            putAscii(d.toString());
            return;
        }
        long unscaled = d.unscaledValue().longValue();
        ensure(40);
        if (scale == 0) {
            putLong(unscaled);
            return;
        }
        if (unscaled < 0) {
            buf[len++] = '-';
            unscaled = -unscaled;
        }
        int digits = Digits.count(unscaled);
        if (digits - 1 - scale < -6) {   // toString's scientific notation (0.0000001 is 1E-7)
            if (buf[len - 1] == '-') {
                len--;
            }
            putAscii(d.toString());
            return;
        }
        len += Digits.plainLength(digits, scale);
        Digits.writePlain(buf, len, unscaled, scale);
    }

    private void putAscii(String s) {
        int n = s.length();
        ensure(n);
        s.getBytes(0, n, buf, len); // numbers: ASCII only
        len += n;
    }

    private void putString(String s) {
        int n = s.length();
        ensure(n + 2);
        byte[] b = buf;
        int at = len;
        b[at++] = '"';
        int i = 0;
        if (n <= 32) {   // short values: a plain loop beats the set-up of the bulk copies below
            for (; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80 || ESCAPES[c] != 0) {
                    break;
                }
                b[at + i] = (byte) c;
            }
            len = at + i;
        } else {
            if (n > chars.length) {
                chars = new char[Math.max(n, chars.length * 2)];
            }
            char[] cs = chars;
            s.getChars(0, n, cs, 0);   // one bulk copy: the loop then runs without String's per-char index checks
            while (i < n && cs[i] < 0x80 && ESCAPES[cs[i]] == 0) {   // the common case: ASCII needing no escape
                i++;
            }
            s.getBytes(0, i, b, at);   // chars below 0x80: each char is its byte (capacity ensured)
            len = at + i;
        }
        if (i < n) {
            putTail(s, i);
        }
        ensure(1);
        buf[len++] = '"';
    }

    private void putTail(String s, int from) {
        int n = s.length();
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                int e = ESCAPES[c];
                if (e == 0) {
                    ensure(1);
                    buf[len++] = (byte) c;
                } else if (e > 0) {
                    ensure(2);
                    buf[len++] = '\\';
                    buf[len++] = (byte) e;
                } else {
                    unicodeEscape(c);
                }
            } else if (c < 0x800) {
                ensure(2);
                buf[len++] = (byte) (0xC0 | (c >> 6));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            } else if (c >= 0xD800 && c <= 0xDFFF) {
                unicodeEscape(c);
            } else {
                ensure(3);
                buf[len++] = (byte) (0xE0 | (c >> 12));
                buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    private void unicodeEscape(char c) {
        ensure(6);
        buf[len++] = '\\';
        buf[len++] = 'u';
        buf[len++] = HEX[(c >> 12) & 0xF];
        buf[len++] = HEX[(c >> 8) & 0xF];
        buf[len++] = HEX[(c >> 4) & 0xF];
        buf[len++] = HEX[c & 0xF];
    }

    private void putLong(long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                putAscii(Long.toString(v));
                return;
            }
            buf[len++] = '-';
            v = -v;
        }
        if (v < 100_000_000) {   // the caller ensured 20 bytes of room: a whole word may be written
            int digits = Digits.count(v);
            LONGS.set(buf, len, Digits.eightDigits((int) v) >>> ((8 - digits) << 3));
            len += digits;
        } else {
            len += Digits.count(v);
            Digits.write(buf, len, v);
        }
    }


    private void put(byte[] b) {
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
