package io.sfnetl.asl.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the elements of a top-level JSON array from a stream, one at a time, as compact UTF-8 JSON text, without
 * building a tree: the ItemReader's hot path for InputType JSON. The text of each element is exactly what the
 * engine's Jackson writer gives for it after a streaming copy. Elements made only of ASCII strings without escapes,
 * integers (other than {@code -0}), literals, objects and arrays are copied by this scanner, whitespace dropped; any
 * other element (escapes, non-ASCII text, decimals, very deep nesting) is cut out of the stream by its brackets and
 * copied through Jackson, which also reports what is invalid in it. Not thread-safe.
 */
final class JsonArrayScanner implements java.io.Closeable {
    /** What Jackson would refuse or rewrite: left to it. */
    private static final int MAX_FAST_DEPTH = 256;
    private static final int MAX_FAST_STRING = 1 << 20;
    private static final int MAX_FAST_DIGITS = 18;

    private final InputStream in;
    private byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    /** Stream offset of {@code buf[0]}. */
    private long base;
    /** Start of the element being read (kept in the buffer while it is read), or -1. */
    private int mark = -1;
    private boolean eof;
    private boolean ended;
    private long count;
    private final boolean[] objects = new boolean[MAX_FAST_DEPTH];
    private final JsonBytes scratch = new JsonBytes(256);

    private JsonArrayScanner(InputStream in) {
        this.in = in;
    }

    /**
     * Opens a scanner when the stream holds a JSON array (after an optional UTF-8 byte order mark and whitespace):
     * the scanner, positioned after {@code [}; else null, and {@code rest} gets a stream of every byte of
     * {@code in} for another reader (the caller's general path, with its error messages).
     */
    static JsonArrayScanner open(InputStream in, InputStream[] rest) throws IOException {
        JsonArrayScanner s = new JsonArrayScanner(in);
        while (s.limit < 3 && s.fill()) {
            // a stream may return a few bytes at a time
        }
        if (s.limit >= 3 && (s.buf[0] & 0xFF) == 0xEF && (s.buf[1] & 0xFF) == 0xBB && (s.buf[2] & 0xFF) == 0xBF) {
            s.pos = 3;
        }
        s.skipWhitespace();
        if (s.pos < s.limit && s.buf[s.pos] == '[') {
            s.pos++;
            return s;
        }
        rest[0] = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(s.buf, 0, s.limit), in);
        return null;
    }

    /**
     * Appends the next element's compact JSON text to {@code out}; false at the end of the array.
     *
     * @throws JsonProcessingException when the stream is not valid JSON there
     */
    boolean next(JsonBytes out) throws IOException {
        return element(out, false) != null;
    }

    /**
     * The next element as a tree (as Jackson reads it from the stream), or null at the end of the array.
     *
     * @throws JsonProcessingException when the stream is not valid JSON there
     */
    JsonNode nextTree() throws IOException {
        scratch.setLength(0);
        Object e = element(scratch, true);
        return e == null ? null : e instanceof JsonNode n ? n : Json.MAPPER.readTree(scratch.array(), 0, scratch.length());
    }

    /** Reads the next element: null at the end; its tree when {@code tree} and Jackson read it; else its text in out. */
    private Object element(JsonBytes out, boolean tree) throws IOException {
        if (ended) {
            return null;
        }
        skipWhitespace();
        if (peek() < 0) {
            throw invalid("the array is not closed (no ']')");
        }
        if (count > 0) {
            if (buf[pos] == ']') {
                ended = true;
                return null;
            }
            if (buf[pos] != ',') {
                throw invalid("expected ',' or ']' after item " + (count - 1) + ", found '" + (char) buf[pos] + "'");
            }
            pos++;
            skipWhitespace();
        } else if (buf[pos] == ']') {
            ended = true;
            return null;
        }
        int start = out.length();
        mark = pos;
        Object result = out;
        try {
            if (!fast(out)) {
                out.setLength(start);
                pos = mark;
                result = general(out, tree);
            }
        } finally {
            mark = -1;
        }
        count++;
        return result;
    }

    /** Copies one element of the fast subset; false (output and position to be reset) for anything else. */
    private boolean fast(JsonBytes out) throws IOException {
        int depth = 0;
        while (true) {
            // a value
            if (skipWhitespace() < 0) {
                return false;
            }
            byte b = buf[pos];
            if (b == '{' || b == '[') {
                if (depth == MAX_FAST_DEPTH) {
                    return false;
                }
                pos++;
                out.append(b);
                if (skipWhitespace() < 0) {
                    return false;
                }
                byte c = buf[pos];
                if (c == (b == '{' ? '}' : ']')) {
                    pos++;
                    out.append(c);
                } else {
                    objects[depth++] = b == '{';
                    if (b == '{' && !key(out)) {
                        return false;
                    }
                    continue;
                }
            } else if (b == '"') {
                if (!string(out)) {
                    return false;
                }
            } else if (b == '-' || (b >= '0' && b <= '9')) {
                if (!integer(out)) {
                    return false;
                }
            } else if (!literal(out, b == 't' ? "true" : b == 'f' ? "false" : b == 'n' ? "null" : null)) {
                return false;
            }
            // after a value: close containers, or a comma before the next value
            while (true) {
                if (depth == 0) {
                    return true;
                }
                if (skipWhitespace() < 0) {
                    return false;
                }
                byte c = buf[pos];
                boolean object = objects[depth - 1];
                if (c == ',') {
                    pos++;
                    out.append(c);
                    if (object && !key(out)) {
                        return false;
                    }
                    break;
                }
                if (c != (object ? '}' : ']')) {
                    return false;
                }
                pos++;
                out.append(c);
                depth--;
            }
        }
    }

    /** A member's name and colon. */
    private boolean key(JsonBytes out) throws IOException {
        if (skipWhitespace() < 0 || buf[pos] != '"' || !string(out) || skipWhitespace() < 0 || buf[pos] != ':') {
            return false;
        }
        pos++;
        out.append((byte) ':');
        return true;
    }

    /** A string of printable ASCII without escapes. */
    private boolean string(JsonBytes out) throws IOException {
        int n = 0;
        pos++;
        out.append((byte) '"');
        while (true) {
            if (pos == limit && !more()) {
                return false;
            }
            byte b = buf[pos];
            if (b == '"') {
                pos++;
                out.append(b);
                return true;
            }
            if (b < 0x20 || b == '\\' || ++n > MAX_FAST_STRING) {
                // non-ASCII bytes are negative: Jackson checks their encoding
                return false;
            }
            out.append(b);
            pos++;
        }
    }

    /** An integer as Jackson writes it back: no fraction, no exponent, not {@code -0}, not too long. */
    private boolean integer(JsonBytes out) throws IOException {
        int digits = 0;
        boolean negative = buf[pos] == '-';
        if (negative) {
            out.append((byte) '-');
            pos++;
        }
        boolean leadingZero = false;
        while (true) {
            if (pos == limit && !more()) {
                break;
            }
            byte b = buf[pos];
            if (b < '0' || b > '9') {
                if (b == '.' || b == 'e' || b == 'E') {
                    return false;
                }
                break;
            }
            if (digits == 0 && b == '0') {
                leadingZero = true;
            } else if (leadingZero) {
                return false;
            }
            digits++;
            out.append(b);
            pos++;
        }
        if (digits == 0 || digits > MAX_FAST_DIGITS) {
            return false;
        }
        // "-0" is the integer 0, written "0"
        return !(leadingZero && negative);
    }

    private boolean literal(JsonBytes out, String word) throws IOException {
        if (word == null) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if ((pos == limit && !more()) || buf[pos] != word.charAt(i)) {
                return false;
            }
            pos++;
        }
        out.ascii(word);
        return true;
    }

    /**
     * Any element: cut out of the stream by its brackets (strings and escapes respected) up to the ',' or ']' that
     * ends it at depth 0, then copied by Jackson, as the streaming copy of {@code ItemReaders} always did.
     */
    private Object general(JsonBytes out, boolean tree) throws IOException {
        int depth = 0;
        boolean inString = false;
        boolean escape = false;
        while (true) {
            if (pos == limit && !more()) {
                break;
            }
            byte b = buf[pos];
            if (escape) {
                escape = false;
            } else if (inString) {
                if (b == '\\') {
                    escape = true;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                depth++;
            } else if (b == '}' || b == ']') {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (b == ',' && depth == 0) {
                break;
            }
            pos++;
        }
        int end = Math.min(pos, limit);
        pos = end;
        try (JsonParser p = Json.MAPPER.createParser(buf, mark, end - mark)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw invalid("an item is missing before offset " + (base + end));
            }
            Object value = tree ? (t == JsonToken.VALUE_NULL ? Json.NODES.nullNode() : Json.MAPPER.readTree(p))
                    : ItemReaders.copy(p, t);
            if (p.nextToken() != null) {
                throw invalid("unexpected text after item " + count);
            }
            if (value instanceof String text) {
                out.append(text.getBytes(StandardCharsets.UTF_8));
                return out;
            }
            return value;
        }
    }

    private JsonProcessingException invalid(String what) {
        return new JsonProcessingException(what + " (byte offset " + (base + pos) + ")") {
        };
    }

    /** Skips whitespace; returns the next byte, or -1 at the end of the stream. */
    private int skipWhitespace() throws IOException {
        while (true) {
            if (pos == limit && !more()) {
                return -1;
            }
            byte b = buf[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b;
            }
            pos++;
        }
    }

    private int peek() throws IOException {
        return pos == limit && !more() ? -1 : buf[pos];
    }

    /** Reads more of the stream, keeping the bytes from {@link #mark} on; false at its end. */
    private boolean more() throws IOException {
        if (eof) {
            return false;
        }
        int keep = mark >= 0 ? mark : pos;
        if (keep > 0) {
            System.arraycopy(buf, keep, buf, 0, limit - keep);
            base += keep;
            limit -= keep;
            pos -= keep;
            if (mark >= 0) {
                mark = 0;
            }
        } else if (limit == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        return fill();
    }

    private boolean fill() throws IOException {
        int r = in.read(buf, limit, buf.length - limit);
        if (r < 0) {
            eof = true;
            return false;
        }
        limit += r;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
