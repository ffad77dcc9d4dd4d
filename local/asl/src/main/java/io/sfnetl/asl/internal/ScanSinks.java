package io.sfnetl.asl.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** What {@link JsonScanner}'s fast path hands its tokens to: a copy of the compact text, or a tree. Not thread-safe. */
final class ScanSinks {
    private ScanSinks() {
    }

    /** What the fast path reads, token by token. */
    abstract static class Sink<T> {
        /** True when arrays below the root are to be left as text ({@link #lazyArray}). */
        boolean lazyArrays() {
            return false;
        }

        /** An array left as text. */
        void lazyArray(LazyElements elements) {
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
    static final class CopySink extends Sink<String> {
        static final byte[] TRUE = {'t', 'r', 'u', 'e'};
        static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
        static final byte[] NULL = {'n', 'u', 'l', 'l'};
        JsonBytes out;
        private int start;

        @Override
        void begin() {
            start = out.length();
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
            out.append(bracket);
        }

        @Override
        void close(byte bracket) {
            out.append(bracket);
        }

        @Override
        void comma() {
            out.append((byte) ',');
        }

        @Override
        void name(byte[] b, int off, int len) {
            string(b, off, len);
            out.append((byte) ':');
        }

        @Override
        void string(byte[] b, int off, int len) {
            out.append((byte) '"').write(b, off, len);
            out.append((byte) '"');
        }

        @Override
        void integer(byte[] b, int off, int len) {
            out.write(b, off, len);
        }

        @Override
        void literal(char first) {
            out.append(first == 't' ? TRUE : first == 'f' ? FALSE : NULL);
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
    static final class TreeSink extends Sink<JsonNode> {
        private Object[] values = new Object[16];
        private int top;
        /** Per open container, innermost last: where its values start, and whether it is an object. */
        private int[] starts = new int[8];
        private boolean[] isObject = new boolean[8];
        private int depth;
        private final String[] names = new String[16];
        JsonNode root;
        boolean lazyArrays;

        @Override
        boolean lazyArrays() {
            return lazyArrays;
        }

        @Override
        void lazyArray(LazyElements elements) {
            value(new ArrayNode(Json.NODES, elements));
        }

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
}
