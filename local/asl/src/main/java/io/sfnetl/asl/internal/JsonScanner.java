package io.sfnetl.asl.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
    private final boolean[] objects = new boolean[MAX_FAST_DEPTH];
    private final CopySink copy = new CopySink();
    /** Set when whitespace was skipped (inside the element being read). */
    private boolean spaced;
    private TreeSink tree;

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
        copy.out = out;
        return element(copy) != null;
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
        JsonScanner s = new JsonScanner(null);
        s.buf = utf8;
        s.limit = utf8.length;
        s.eof = true;
        s.mark = 0;
        TreeSink sink = new TreeSink();
        if (s.fast(sink) && s.skipWhitespace() < 0) {
            return sink.root;
        }
        return Json.MAPPER.readTree(utf8);
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
        mark = pos;
        sink.begin();
        T result;
        try {
            spaced = false;
            if (fast(sink)) {
                if (sink.checking()) {
                    // validated: without whitespace inside, the element's bytes are its compact text
                    if (!spaced) {
                        sink.slice(buf, mark, pos - mark);
                    } else {
                        pos = mark;
                        sink.checking(false);
                        fast(sink);
                    }
                }
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

    /** What the fast path reads, token by token. */
    private abstract static class Sink<T> {
        /** True while the sink ignores tokens: the scanner only checks the element, then gives its {@link #slice}. */
        boolean checking() {
            return false;
        }

        void checking(boolean on) {
        }

        /** The element's text, when it has no whitespace (see {@link #checking()}). */
        void slice(byte[] b, int off, int len) {
            throw new UnsupportedOperationException();
        }

        /** An element begins. */
        abstract void begin();

        /** Forgets what the sink got since the element began. */
        abstract void reset();

        abstract T result();

        /** {@code {} or {@code [}. */
        abstract void open(byte bracket);

        /** {@code }} or {@code ]}. */
        abstract void close(byte bracket);

        abstract void comma();

        /** A member name (ASCII, no escapes); its value follows. */
        abstract void name(byte[] b, int off, int len);

        /** A string's content (ASCII, no escapes). */
        abstract void string(byte[] b, int off, int len);

        /** An integer's text (at most 18 digits, maybe a minus). */
        abstract void integer(byte[] b, int off, int len);

        /** {@code t}rue, {@code f}alse or {@code n}ull. */
        abstract void literal(char first);

        /** An element Jackson parsed (not of the fast subset). */
        abstract T general(JsonParser p, JsonToken t) throws IOException;
    }

    /** Copies the element's compact text into {@link #out}. */
    private static final class CopySink extends Sink<String> {
        private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
        private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
        private static final byte[] NULL = {'n', 'u', 'l', 'l'};
        JsonBytes out;
        private int start;
        private boolean checking;

        @Override
        boolean checking() {
            return checking;
        }

        @Override
        void checking(boolean on) {
            checking = on;
        }

        @Override
        void slice(byte[] b, int off, int len) {
            out.write(b, off, len);
        }

        @Override
        void begin() {
            start = out.length();
            checking = true;
        }

        @Override
        void reset() {
            out.setLength(start);
        }

        @Override
        String result() {
            return "";
        }

        @Override
        void open(byte bracket) {
            if (!checking) {
                out.append(bracket);
            }
        }

        @Override
        void close(byte bracket) {
            if (!checking) {
                out.append(bracket);
            }
        }

        @Override
        void comma() {
            if (!checking) {
                out.append((byte) ',');
            }
        }

        @Override
        void name(byte[] b, int off, int len) {
            if (!checking) {
                string(b, off, len);
                out.append((byte) ':');
            }
        }

        @Override
        void string(byte[] b, int off, int len) {
            if (!checking) {
                out.append((byte) '"').write(b, off, len);
                out.append((byte) '"');
            }
        }

        @Override
        void integer(byte[] b, int off, int len) {
            if (!checking) {
                out.write(b, off, len);
            }
        }

        @Override
        void literal(char first) {
            if (!checking) {
                out.append(first == 't' ? TRUE : first == 'f' ? FALSE : NULL);
            }
        }

        @Override
        String general(JsonParser p, JsonToken t) throws IOException {
            out.append(ItemReaders.copy(p, t).getBytes(StandardCharsets.UTF_8));
            return result();
        }
    }

    /**
     * Builds the element's tree, as Jackson's tree reader would. A container is built when it closes, from the values
     * (an object's name, value pairs) gathered on one stack: arrays get lists of their exact size, small objects a
     * {@link SmallObjectMap}.
     */
    private static final class TreeSink extends Sink<JsonNode> {
        private Object[] values = new Object[64];
        private int top;
        /** Per open container, innermost last: where its values start, and whether it is an object. */
        private int[] starts = new int[16];
        private boolean[] isObject = new boolean[16];
        private int depth;
        private final String[] names = new String[32];
        private JsonNode root;

        @Override
        void begin() {
            reset();
        }

        @Override
        void reset() {
            Arrays.fill(values, 0, top, null);
            top = 0;
            depth = 0;
            root = null;
        }

        @Override
        JsonNode result() {
            return root;
        }

        private void push(Object v) {
            if (top == values.length) {
                values = Arrays.copyOf(values, 2 * top);
            }
            values[top++] = v;
        }

        private void value(JsonNode v) {
            if (depth == 0) {
                root = v;
            } else {
                push(v);
            }
        }

        @Override
        void open(byte bracket) {
            if (depth == starts.length) {
                starts = Arrays.copyOf(starts, 2 * depth);
                isObject = Arrays.copyOf(isObject, 2 * depth);
            }
            starts[depth] = top;
            isObject[depth] = bracket == '{';
            depth++;
        }

        @Override
        void close(byte bracket) {
            depth--;
            int from = starts[depth];
            int n = top - from;
            JsonNode c;
            if (isObject[depth]) {
                // a repeated name keeps its place and takes the last value, as in Jackson's trees
                java.util.Map<String, JsonNode> members = n / 2 <= SmallObjectMap.MAX_BUILT
                        ? new SmallObjectMap(n / 2) : new java.util.LinkedHashMap<>();
                for (int i = from; i < top; i += 2) {
                    members.put((String) values[i], (JsonNode) values[i + 1]);
                }
                c = new ObjectNode(Json.NODES, members);
            } else {
                java.util.ArrayList<JsonNode> elements = new java.util.ArrayList<>(n);
                for (int i = from; i < top; i++) {
                    elements.add((JsonNode) values[i]);
                }
                c = new ArrayNode(Json.NODES, elements);
            }
            Arrays.fill(values, from, top, null);
            top = from;
            value(c);
        }

        @Override
        void comma() {
        }

        @Override
        void name(byte[] b, int off, int len) {
            // the same few names repeat in every item: reuse their strings (slot by length and end bytes)
            int slot = len == 0 ? 0 : (31 * (31 * len + b[off]) + b[off + len - 1]) & (names.length - 1);
            String known = names[slot];
            if (known != null && known.length() == len && matches(known, b, off)) {
                push(known);
            } else {
                String name = new String(b, off, len, StandardCharsets.ISO_8859_1);
                names[slot] = name;
                push(name);
            }
        }

        private static boolean matches(String s, byte[] b, int off) {
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) != b[off + i]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        void string(byte[] b, int off, int len) {
            value(Json.NODES.textNode(new String(b, off, len, StandardCharsets.ISO_8859_1)));
        }

        @Override
        void integer(byte[] b, int off, int len) {
            boolean negative = b[off] == '-';
            long v = 0;
            for (int i = negative ? off + 1 : off; i < off + len; i++) {
                v = 10 * v + (b[i] - '0');
            }
            v = negative ? -v : v;
            value(v == (int) v ? Json.NODES.numberNode((int) v) : Json.NODES.numberNode(v));
        }

        @Override
        void literal(char first) {
            value(first == 't' ? Json.NODES.booleanNode(true) : first == 'f' ? Json.NODES.booleanNode(false)
                    : Json.NODES.nullNode());
        }

        @Override
        JsonNode general(JsonParser p, JsonToken t) throws IOException {
            return t == JsonToken.VALUE_NULL ? Json.NODES.nullNode() : Json.MAPPER.readTree(p);
        }
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
            if (b == '{' || b == '[') {
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
            spaced = true;
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
