package io.sfnetl.asl.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.asl.internal.ScanSinks.CopySink;
import io.sfnetl.asl.internal.ScanSinks.Sink;
import io.sfnetl.asl.internal.ScanSinks.TreeSink;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads JSON without Jackson's parser where it can, for the Distributed Map's hot path: the elements of a top-level
 * JSON array from a stream (the ItemReader), one at a time, as compact UTF-8 text or as trees; and the tree of a child
 * execution's input text. The text of an element is exactly what the engine's Jackson writer gives after a streaming
 * copy, and a tree is what Jackson's tree reader builds. Elements made only of ASCII strings without escapes, integers
 * of up to 18 digits (not {@code -0}), literals, objects and arrays (the fast subset) are read here, whitespace
 * dropped; any other element (escapes, non-ASCII text, decimals, deep nesting) is cut out of the stream by its
 * brackets and read by Jackson, which also reports what is invalid in it. Not thread-safe.
 */
final class JsonScanner implements java.io.Closeable {
    /** What Jackson would refuse or rewrite: left to it. */
    private static final int MAX_FAST_DEPTH = 256;
    private static final int MAX_FAST_STRING = 1 << 20;
    private static final int MAX_FAST_DIGITS = 18;

    private final InputStream in;
    private byte[] buf;
    private int pos;
    private int limit;
    /** Stream offset of {@code buf[0]}. */
    private long base;
    /** Start of the element being read (kept in the buffer while it is read), or -1. */
    private int mark = -1;
    private boolean eof;
    private boolean ended;
    private long count;
    /** Per open container of the fast path: whether it is an object (grown up to MAX_FAST_DEPTH). */
    private boolean[] objects = new boolean[16];
    private final CopySink copy = new CopySink();
    private TreeSink tree;
    /** An array whose extent and size are known ({@link #lazyTree(byte[], int, int, int)}), or -1. */
    private int knownFrom = -1;
    private int knownTo;
    private int knownCount;

    private JsonScanner(InputStream in) {
        this.in = in;
    }

    /**
     * Opens a scanner when the stream holds a JSON array (after an optional UTF-8 byte order mark and whitespace):
     * the scanner, positioned after {@code [}; else null, and {@code rest} gets a stream of every byte of
     * {@code in} for another reader (the caller's general path, with its error messages).
     */
    static JsonScanner open(InputStream in, InputStream[] rest) throws IOException {
        JsonScanner s = new JsonScanner(in);
        s.buf = new byte[1 << 16];
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
        // the common case first: a compact item right after the comma, whole in the buffer
        if (count > 0 && !ended && pos < limit && buf[pos] == ',') {
            int end = compactEnd(pos + 1);
            if (end > 0) {
                out.write(buf, pos + 1, end - pos - 1);
                pos = end;
                count++;
                return true;
            }
        }
        copy.out = out;
        return element(copy) != null;
    }

    /**
     * Appends the next elements, as long as each is compact text of the fast subset right after its comma and whole in
     * the buffer, at most {@code maxItems} of them and {@code maxBytes} in all (each element's size plus one): one
     * slice of the stream, comma-separated as it is, with its first comma when {@code comma}. Returns how many; 0 when
     * the next element is not taken this way ({@link #next} reads it).
     */
    int nextRun(JsonBytes out, boolean comma, int maxItems, long maxBytes) {
        if (ended || count == 0) {
            return 0;
        }
        int p = pos;
        int n = 0;
        long bytes = 0;
        while (n < maxItems && p < limit && buf[p] == ',') {
            int end = compactEnd(p + 1);
            if (end < 0 || bytes + (end - p) > maxBytes) {
                break;
            }
            bytes += end - p;
            n++;
            p = end;
        }
        if (n > 0) {
            int from = comma ? pos : pos + 1;
            out.write(buf, from, p - from);
            pos = p;
            count += n;
        }
        return n;
    }

    /**
     * The next element as a tree (what Jackson reads from the stream), or null at the end of the array.
     *
     * @throws JsonProcessingException when the stream is not valid JSON there
     */
    JsonNode nextTree() throws IOException {
        return element(tree == null ? tree = new TreeSink() : tree);
    }

    /**
     * The tree of a JSON text (UTF-8), built without Jackson's parser when the text is of the fast subset, else by
     * Jackson; the same tree either way.
     *
     * @throws JsonProcessingException when it is not valid JSON
     */
    static JsonNode tree(byte[] utf8) throws IOException {
        return tree(utf8, 0, utf8.length, false);
    }

    /**
     * The tree of JSON text the engine wrote (valid JSON, UTF-8; a Distributed Map child's input), with the arrays
     * below the root left as text until their elements are used ({@link LazyElements}): a child that only counts its
     * batch's items, or passes them on, never builds their trees.
     */
    static JsonNode lazyTree(byte[] utf8) throws IOException {
        return tree(utf8, 0, utf8.length, true);
    }

    /**
     * As {@link #lazyTree(byte[])}, with the array known to start at {@code arrayFrom} (its {@code [}), end before
     * {@code arrayTo} and hold {@code count} elements (a batch's {@code Items}, as the Map Run wrote it): taken without
     * reading its text. {@code arrayFrom} -1: none known.
     */
    static JsonNode lazyTree(byte[] utf8, int arrayFrom, int arrayTo, int count) throws IOException {
        JsonScanner s = new JsonScanner(null);
        s.knownFrom = arrayFrom;
        s.knownTo = arrayTo;
        s.knownCount = count;
        return s.tree(utf8, 0, utf8.length, true, new TreeSink());
    }

    /** The tree of {@code len} bytes of JSON text from {@code off}. */
    static JsonNode tree(byte[] utf8, int off, int len, boolean lazyArrays) throws IOException {
        return new JsonScanner(null).tree(utf8, off, len, lazyArrays, new TreeSink());
    }

    private JsonNode tree(byte[] utf8, int off, int len, boolean lazyArrays, TreeSink sink) throws IOException {
        buf = utf8;
        pos = off;
        limit = off + len;
        eof = true;
        mark = off;
        sink.lazyArrays = lazyArrays;
        if (fast(sink) && skipWhitespace() < 0) {
            return sink.root;
        }
        return Json.MAPPER.readTree(utf8, off, len);
    }

    /**
     * Reads the next element into {@code sink} (fast subset) or through Jackson: null at the end of the array, else
     * the element's tree (a {@link TreeSink}) or an empty string (text, in the {@link CopySink}'s buffer).
     */
    private <T> T element(Sink<T> sink) throws IOException {
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
        if (sink == copy) {
            // most items: compact text of the fast subset, whole in the buffer, copied at once
            int end = compactEnd(pos);
            if (end > 0) {
                copy.out.write(buf, pos, end - pos);
                pos = end;
                count++;
                return sink.result();
            }
        }
        mark = pos;
        sink.begin();
        T result;
        try {
            if (fast(sink)) {
                result = sink.result();
            } else {
                sink.reset();
                pos = mark;
                result = general(sink);
            }
        } finally {
            mark = -1;
        }
        count++;
        return result;
    }

    /**
     * Reads one element of the fast subset into {@code sink}; false (the sink's work and the position to be reset)
     * for anything else.
     */
    private boolean fast(Sink sink) throws IOException {
        int depth = 0;
        while (true) {
            // a value
            if (skipWhitespace() < 0) {
                return false;
            }
            byte b = buf[pos];
            if (b == '[' && depth > 0 && sink.lazyArrays()) {
                int start = pos;
                int n;
                if (start == knownFrom) {
                    pos = knownTo;
                    n = knownCount;
                } else if ((n = skipArray()) < 0) {
                    return false;
                }
                sink.lazyArray(new LazyElements(buf, start, pos, n));
            } else if (b == '{' || b == '[') {
                if (depth == MAX_FAST_DEPTH) {
                    return false;
                }
                pos++;
                sink.open(b);
                if (skipWhitespace() < 0) {
                    return false;
                }
                byte c = buf[pos];
                if (c == (b == '{' ? '}' : ']')) {
                    pos++;
                    sink.close(c);
                } else {
                    if (depth == objects.length) {
                        objects = Arrays.copyOf(objects, 2 * depth);
                    }
                    objects[depth++] = b == '{';
                    if (b == '{' && !key(sink)) {
                        return false;
                    }
                    continue;
                }
            } else if (b == '"') {
                if (!string(sink, false)) {
                    return false;
                }
            } else if (b == '-' || (b >= '0' && b <= '9')) {
                if (!integer(sink)) {
                    return false;
                }
            } else if (!literal(sink, b == 't' ? "true" : b == 'f' ? "false" : b == 'n' ? "null" : null)) {
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
                    sink.comma();
                    if (object && !key(sink)) {
                        return false;
                    }
                    break;
                }
                if (c != (object ? '}' : ']')) {
                    return false;
                }
                pos++;
                sink.close(c);
                depth--;
            }
        }
    }

    /**
     * The end of the element at {@code p} when it is of the fast subset, written without whitespace (so that its bytes
     * are its compact text) and whole in the buffer; else -1 (the caller reads it token by token). Checks what
     * {@link #fast} checks, on local variables: most ItemReader items take this path.
     */
    private int compactEnd(int p) {
        byte[] b = buf;
        int lim = limit;
        int depth = 0;
        while (true) {
            if (p >= lim) {
                return -1;
            }
            byte c = b[p];
            if (c == '{' || c == '[') {
                if (depth == MAX_FAST_DEPTH || ++p >= lim) {
                    return -1;
                }
                if (b[p] == (c == '{' ? '}' : ']')) {
                    p++;
                } else {
                    if (depth == objects.length) {
                        objects = Arrays.copyOf(objects, 2 * depth);
                    }
                    objects[depth++] = c == '{';
                    if (c == '{' && (p = compactKey(b, p, lim)) < 0) {
                        return -1;
                    }
                    continue;
                }
            } else if (c == '"') {
                if ((p = compactString(b, p, lim)) < 0) {
                    return -1;
                }
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                if ((p = compactInteger(b, p, lim)) < 0) {
                    return -1;
                }
            } else {
                byte[] word = c == 't' ? CopySink.TRUE : c == 'f' ? CopySink.FALSE : c == 'n' ? CopySink.NULL : null;
                if (word == null || p + word.length > lim || !Arrays.equals(b, p, p + word.length, word, 0, word.length)) {
                    return -1;
                }
                p += word.length;
            }
            // after a value: close containers, or a comma before the next value
            while (true) {
                if (depth == 0) {
                    return p;
                }
                if (p >= lim) {
                    return -1;
                }
                byte d = b[p];
                boolean object = objects[depth - 1];
                if (d == ',') {
                    p++;
                    if (object && (p = compactKey(b, p, lim)) < 0) {
                        return -1;
                    }
                    break;
                }
                if (d != (object ? '}' : ']')) {
                    return -1;
                }
                p++;
                depth--;
            }
        }
    }

    /** After the string at {@code p} and its colon; -1 if there is none of the fast subset. */
    private static int compactKey(byte[] b, int p, int lim) {
        if (p >= lim || b[p] != '"' || (p = compactString(b, p, lim)) < 0 || p >= lim || b[p] != ':') {
            return -1;
        }
        return p + 1;
    }

    /** After the string of printable ASCII without escapes at {@code p}; else -1. */
    private static int compactString(byte[] b, int p, int lim) {
        int end = Math.min(lim, p + 2 + MAX_FAST_STRING);
        for (int i = p + 1; i < end; i++) {
            byte c = b[i];
            if (c == '"') {
                return i + 1;
            }
            // non-ASCII bytes are negative: Jackson checks their encoding
            if (c < 0x20 || c == '\\') {
                return -1;
            }
        }
        return -1;
    }

    /** After the integer at {@code p}, as {@link #integer} takes it (and followed by a byte in the buffer); else -1. */
    private static int compactInteger(byte[] b, int p, int lim) {
        boolean negative = b[p] == '-';
        int start = negative ? p + 1 : p;
        int i = start;
        while (i < lim && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        int digits = i - start;
        if (i >= lim || digits == 0 || digits > MAX_FAST_DIGITS || b[i] == '.' || b[i] == 'e' || b[i] == 'E'
                || (b[start] == '0' && (digits > 1 || negative))) {
            return -1;
        }
        return i;
    }

    /**
     * From the {@code [} at {@link #pos} of valid JSON text held whole in the buffer: moves past its {@code ]} and
     * returns its number of elements; -1 when the text ends first.
     */
    private int skipArray() {
        int p = pos + 1;
        int depth = 0;
        int commas = 0;
        boolean any = false;
        while (p < limit) {
            byte b = buf[p];
            if (b == '"') {
                for (p++; p < limit && buf[p] != '"'; p++) {
                    if (buf[p] == '\\') {
                        p++;
                    }
                }
                any = true;
            } else if (b == '[' || b == '{') {
                depth++;
                any = true;
            } else if (b == ']' || b == '}') {
                if (depth == 0) {
                    pos = p + 1;
                    return any ? commas + 1 : 0;
                }
                depth--;
            } else if (b == ',') {
                if (depth == 0) {
                    commas++;
                }
            } else if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                any = true;
            }
            p++;
        }
        return -1;
    }

    /** A member's name and colon. */
    private boolean key(Sink sink) throws IOException {
        if (skipWhitespace() < 0 || buf[pos] != '"' || !string(sink, true) || skipWhitespace() < 0 || buf[pos] != ':') {
            return false;
        }
        pos++;
        return true;
    }

    /** A string of printable ASCII without escapes. */
    private boolean string(Sink sink, boolean name) throws IOException {
        pos++;
        // the string's start, relative to the element's (which stays in the buffer when more is read)
        int from = pos - mark;
        while (true) {
            if (pos == limit && !more()) {
                return false;
            }
            byte b = buf[pos];
            if (b == '"') {
                int start = mark + from;
                if (name) {
                    sink.name(buf, start, pos - start);
                } else {
                    sink.string(buf, start, pos - start);
                }
                pos++;
                return true;
            }
            if (b < 0x20 || b == '\\' || pos - mark - from > MAX_FAST_STRING) {
                // non-ASCII bytes are negative: Jackson checks their encoding
                return false;
            }
            pos++;
        }
    }

    /** An integer as Jackson writes it back: no fraction, no exponent, not {@code -0}, not too long. */
    private boolean integer(Sink sink) throws IOException {
        int from = pos - mark;
        int digits = 0;
        boolean negative = buf[pos] == '-';
        if (negative) {
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
            pos++;
        }
        // "-0" is the integer 0, written "0"
        if (digits == 0 || digits > MAX_FAST_DIGITS || (leadingZero && negative)) {
            return false;
        }
        int start = mark + from;
        sink.integer(buf, start, pos - start);
        return true;
    }

    private boolean literal(Sink sink, String word) throws IOException {
        if (word == null) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if ((pos == limit && !more()) || buf[pos] != word.charAt(i)) {
                return false;
            }
            pos++;
        }
        sink.literal(word.charAt(0));
        return true;
    }

    /**
     * Any element: cut out of the stream by its brackets (strings and escapes respected) up to the ',' or ']' that
     * ends it at depth 0, then copied by Jackson, as the streaming copy of {@code ItemReaders} always did.
     */
    private <T> T general(Sink<T> sink) throws IOException {
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
            T value = sink.general(p, t);
            if (p.nextToken() != null) {
                throw invalid("unexpected text after item " + count);
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
