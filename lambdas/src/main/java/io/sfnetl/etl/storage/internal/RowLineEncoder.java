package io.sfnetl.etl.storage.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.sfnetl.etl.row.Row;
import io.sfnetl.etl.row.RowLayout;
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
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** Per 7-bit char: 0 = as is, a letter = backslash + it, -1 = {@code \}{@code u00XX}. */
    private static final int[] ESCAPES = new int[128];
    private static final byte[] OFFSET = "{\"o\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LINE = ",\"l\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ROW = ",\"r\":{".getBytes(StandardCharsets.US_ASCII);
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
    private int len;
    private RowLayout names;
    private byte[][] nameBytes;
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
            names = layout;
        }
        ensure(64);
        put(OFFSET);
        putLong(offset);
        put(LINE);
        putLong(line);
        put(ROW);
        for (int i = 0; i < row.size(); i++) {
            int slot = row.slotAt(i);
            if (i > 0) {
                ensure(1);
                buf[len++] = ',';
            }
            byte[] name = nameBytes[slot];
            if (name == null) {
                name = nameBytes[slot] = fieldName(layout.encoded(slot).asQuotedUTF8());
            }
            ensure(name.length);
            put(name);
            value(row.get(slot));
        }
        ensure(3);
        buf[len++] = '}';
        buf[len++] = '}';
        buf[len++] = '\n';
    }

    private static byte[] fieldName(byte[] quoted) {
        byte[] b = new byte[quoted.length + 3];
        b[0] = '"';
        System.arraycopy(quoted, 0, b, 1, quoted.length);
        b[b.length - 2] = '"';
        b[b.length - 1] = ':';
        return b;
    }

    private void value(Object v) {
        // an instanceof chain: the row's value types by frequency, cheaper than a type switch's bootstrap dispatch
        if (v instanceof String s) {
            putString(s);
        } else if (v instanceof BigDecimal d) {
            putAscii(d.toString());
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

    private void putAscii(String s) {
        int n = s.length();
        ensure(n);
        s.getBytes(0, n, buf, len); // numbers: ASCII only
        len += n;
    }

    private void putString(String s) {
        int n = s.length();
        ensure(n + 2);
        buf[len++] = '"';
        int i = 0;
        for (; i < n; i++) {   // the common case: ASCII needing no escape, one byte per char (capacity ensured)
            char c = s.charAt(i);
            if (c >= 0x80 || ESCAPES[c] != 0) {
                break;
            }
            buf[len++] = (byte) c;
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
        int digits = 1;
        for (long x = v; x >= 10; x /= 10) {
            digits++;
        }
        int at = len + digits;
        for (int i = at - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        len = at;
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
