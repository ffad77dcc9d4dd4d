package io.sfnetl.etl.storage;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.storage.internal.LineParsers;
import io.sfnetl.etl.storage.internal.RowLineEncoder;
import io.sfnetl.etl.storage.internal.StagingLineParser;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The JSON Lines codec of staging and reject parts, streamed: one generator (or parser) per part instead of one
 * {@code ObjectMapper} call per line, and JSON trees written by a direct walk (no serializer lookup per node). The
 * bytes are those {@link Json#MAPPER} writes for the same trees, one value per line, each line ending in {@code \n}.
 *
 * <p>Staging line: {@code {"o":offset,"l":line,"r":{row}}}; reject line: {@code {"object","offset","line","raw",
 * "reasons":[...],"stage"}}. Neither class is thread-safe.
 */
public final class StagingLines {
    private static final JsonNodeFactory NODES = Json.MAPPER.getNodeFactory();
    /** Bounds the name cache of a writer (rows with ever-new keys must not grow it without limit). */
    private static final int MAX_CACHED_NAMES = 1024;

    private StagingLines() {
    }

    /** Writes lines to a stream it does not close (call {@link #flush()} before closing the stream). */
    public static final class Writer implements java.io.Flushable {
        private static final int DRAIN_BYTES = 1 << 15;
        private final OutputStream out;
        private final JsonGenerator g;
        /** Field names already encoded: rows of a part repeat the same few names. */
        private final Map<String, SerializedString> names = new HashMap<>();
        private final RowLineEncoder encoder = new RowLineEncoder();
        /** True when the generator may hold bytes not yet passed to the stream. */
        private boolean generatorDirty;

        public Writer(OutputStream out) {
            this.out = out;
            try {
                this.g = Json.MAPPER.createGenerator(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.setRootValueSeparator(null);
        }

        /** Writes {@code {"o":offset,"l":line,"r":row}} and a line break. */
        public void row(long offset, long line, JsonNode row) {
            try {
                beforeGenerator();
                g.writeStartObject();
                g.writeNumberField("o", offset);
                g.writeNumberField("l", line);
                g.writeFieldName("r");
                write(g, row, names);
                g.writeEndObject();
                g.writeRaw('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Writes {@code {"o":offset,"l":line,"r":row}} and a line break for a row without a tree: the same bytes as
         * {@link #row(long, long, JsonNode)} of {@link io.sfnetl.etl.row.Row#toNode()}, encoded directly
         * ({@link RowLineEncoder}).
         */
        public void row(long offset, long line, io.sfnetl.etl.row.Row row) {
            try {
                if (generatorDirty) {
                    g.flush();
                    generatorDirty = false;
                }
                encoder.line(offset, line, row);
                if (encoder.pending() >= DRAIN_BYTES) {
                    encoder.drainTo(out);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Before a line through the generator: bytes of rows encoded directly go first. */
        private void beforeGenerator() throws IOException {
            if (encoder.pending() > 0) {
                encoder.drainTo(out);
            }
            generatorDirty = true;
        }

        /** Writes one reject line and a line break; {@code maskedRaw} must already be masked. */
        public void reject(String object, long offset, long line, String maskedRaw, List<String> reasons,
                           String stage) {
            try {
                beforeGenerator();
                g.writeStartObject();
                g.writeStringField("object", object);
                g.writeNumberField("offset", offset);
                g.writeNumberField("line", line);
                g.writeStringField("raw", maskedRaw);
                g.writeArrayFieldStart("reasons");
                for (String r : reasons) {
                    g.writeString(r);
                }
                g.writeEndArray();
                g.writeStringField("stage", stage);
                g.writeEndObject();
                g.writeRaw('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Pushes buffered bytes to the stream. */
        @Override
        public void flush() {
            try {
                encoder.drainTo(out);
                g.flush();
                generatorDirty = false;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Writes a tree as {@link Json#MAPPER} would (no filtering: nulls and empty arrays are written), without a
     * serializer lookup per node.
     */
    public static void write(JsonGenerator g, JsonNode n) throws IOException {
        write(g, n, null);
    }

    /** As {@link #write(JsonGenerator, JsonNode)}, with a cache of encoded field names (null: none). */
    private static void write(JsonGenerator g, JsonNode n, Map<String, SerializedString> names) throws IOException {
        switch (n.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (names == null) {
                        g.writeFieldName(e.getKey());
                    } else {
                        SerializedString name = names.get(e.getKey());
                        if (name == null && names.size() < MAX_CACHED_NAMES) {
                            name = new SerializedString(e.getKey());
                            names.put(e.getKey(), name);
                        }
                        if (name == null) {
                            g.writeFieldName(e.getKey());
                        } else {
                            g.writeFieldName(name);
                        }
                    }
                    write(g, e.getValue(), names);
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode child : n) {
                    write(g, child, names);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(n.textValue());
            case BOOLEAN -> g.writeBoolean(n.booleanValue());
            case NULL -> g.writeNull();
            case NUMBER -> {
                switch (n.numberType()) {
                    case INT -> g.writeNumber(n.intValue());
                    case LONG -> g.writeNumber(n.longValue());
                    case BIG_INTEGER -> g.writeNumber(n.bigIntegerValue());
                    case BIG_DECIMAL -> g.writeNumber(n.decimalValue());
                    case FLOAT -> g.writeNumber(n.floatValue());
                    case DOUBLE -> g.writeNumber(n.doubleValue());
                }
            }
            case BINARY, POJO, MISSING -> Json.MAPPER.writeTree(g, n);
        }
    }

    /**
     * Reads staging lines into {@link io.sfnetl.etl.row.Row}s of a layout, as {@link Reader} then
     * {@code Row.of(layout, tree)} would, line by line: a line in the writer's exact form through
     * {@link StagingLineParser} (raw values, no tree: the Transform stage's fast path), any other line through
     * {@link Reader}'s parse, with its errors. A line is one JSON value and its line break; blank lines are skipped.
     * A part whose first bytes Jackson would not read as UTF-8 without a byte order mark (a mark, UTF-16 or UTF-32) is
     * read by {@link Reader} as a whole, as it detects the encoding once, at the start. Not thread-safe.
     */
    public static final class RowReader implements Closeable {
        /** A longer line is refused: a staging line holds one record (at most 1 MiB at the source), escaped. */
        static final int MAX_LINE = 64 << 20;
        private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
        private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles
                .byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

        private final InputStream in;
        private final StagingLineParser parser;
        private final io.sfnetl.etl.row.Row reused;
        private byte[] buf = new byte[1 << 16];
        private int pos;
        private int limit;
        /** Where the search for the next line break goes on (the bytes before it, from pos, hold none). */
        private int scanned;
        private boolean eof;
        private int lineFrom;
        private int lineTo;
        private long index;
        private long fastLines;
        private long offset;
        private long line;
        private io.sfnetl.etl.row.Row row;
        private ObjectNode node;
        /** The part's first bytes were looked at ({@link #whole()}). */
        private boolean started;
        /** The reader of the whole part when it does not start as plain UTF-8, else null. */
        private Reader whole;

        public RowReader(InputStream in, io.sfnetl.etl.row.RowLayout layout) {
            this.in = in;
            this.parser = new StagingLineParser(layout);
            this.reused = new io.sfnetl.etl.row.Row(layout);
        }

        /** Lines returned or skipped so far (the index of the next line). */
        public long index() {
            return index;
        }

        /** Lines read by the fast path so far (the others went through the general parse). */
        public long fastLines() {
            return fastLines;
        }

        /** Skips lines until {@link #index()} is {@code n} (or the end), without parsing them. */
        public void skip(long n) throws IOException {
            if (whole() != null) {
                whole.skip(n);
                index = whole.index();
                return;
            }
            while (index < n && nextLine()) {
                index++;
            }
        }

        /**
         * Moves to the next line.
         *
         * @return false at the end
         * @throws IOException when the stream cannot be read or a line is not JSON
         * @throws IllegalArgumentException when a line is JSON but not a staging line (the message says which)
         */
        public boolean next() throws IOException {
            if (whole() != null) {
                return nextOfWhole();
            }
            if (!nextLine()) {
                return false;
            }
            long at = index++;
            node = null;
            if (parser.parse(buf, lineFrom, lineTo, reused)) {
                offset = parser.offset();
                line = parser.line();
                row = reused;
                fastLines++;
                return true;
            }
            Row r = general(at);
            offset = r.offset();
            line = r.line();
            node = r.row();
            row = io.sfnetl.etl.row.Row.of(parser.layout(), node);
            return true;
        }

        public long offset() {
            return offset;
        }

        public long line() {
            return line;
        }

        /**
         * The current line's row: the same row object again for each line of the fast path, so use it (transform it,
         * write it) before the next {@link #next()}.
         */
        public io.sfnetl.etl.row.Row row() {
            return row;
        }

        /** The current line's row as a tree, as {@link Reader} reads it (unchanged by what was done to {@link #row()}). */
        public ObjectNode node() throws IOException {
            if (node == null) {
                node = general(index - 1).row();
            }
            return node;
        }

        /**
         * The reader of the whole part when Jackson's encoding detection would not read its first bytes as UTF-8
         * without a byte order mark (the first byte 0, 0xEF, 0xFE or 0xFF, or the second 0: every mark, UTF-16 and
         * UTF-32, a few UTF-8 starts the stages never write), else null. Lines are then read as {@link Reader} reads
         * them, not line by line.
         */
        private Reader whole() throws IOException {
            if (!started) {
                started = true;
                while (limit < 2 && !eof) {
                    fill();
                }
                if (limit >= 2 && (buf[0] == 0 || buf[1] == 0 || buf[0] == (byte) 0xEF || buf[0] == (byte) 0xFE
                        || buf[0] == (byte) 0xFF)) {
                    whole = new Reader(new java.io.SequenceInputStream(
                            new java.io.ByteArrayInputStream(java.util.Arrays.copyOf(buf, limit)), in));
                }
            }
            return whole;
        }

        private boolean nextOfWhole() throws IOException {
            node = null;
            try {
                Row r = whole.next();
                if (r == null) {
                    return false;
                }
                offset = r.offset();
                line = r.line();
                node = r.row();
                row = io.sfnetl.etl.row.Row.of(parser.layout(), node);
                return true;
            } finally {
                index = whole.index();
            }
        }

        /** The current line through {@link Reader}'s parse, as UTF-8 (as the stream parser reads a later line). */
        private Row general(long at) throws IOException {
            try (JsonParser p = LineParsers.utf8(buf, lineFrom, lineTo)) {
                Row r = new Reader(p, at).next();
                if (r == null || p.nextToken() != null) {
                    throw new IllegalArgumentException("line " + at + " holds " + (r == null ? "no" : "more than one")
                            + " JSON value");
                }
                return r;
            }
        }

        /** Finds the next line that is not blank: [lineFrom, lineTo) of the buffer, without its line break. */
        private boolean nextLine() throws IOException {
            while (true) {
                int nl = find(buf, Math.max(pos, scanned), limit);
                if (nl >= 0) {
                    lineFrom = pos;
                    lineTo = nl;
                    pos = nl + 1;
                    scanned = pos;
                } else if (!eof) {
                    scanned = limit;
                    fill();
                    continue;
                } else if (pos < limit) {
                    lineFrom = pos;
                    lineTo = limit;
                    pos = limit;
                } else {
                    return false;
                }
                if (!blank(buf, lineFrom, lineTo)) {
                    return true;
                }
            }
        }

        private void fill() throws IOException {
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                scanned -= pos;
                pos = 0;
            }
            if (limit == buf.length) {
                if (buf.length >= MAX_LINE) {
                    throw new IllegalArgumentException("line " + index + " is longer than " + MAX_LINE + " bytes");
                }
                buf = java.util.Arrays.copyOf(buf, buf.length * 2);
            }
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        }

        /** The first line break in {@code b[from, to)}, eight bytes a step, or -1. */
        private static int find(byte[] b, int from, int to) {
            int i = from;
            for (; i + 8 <= to; i += 8) {
                long w = (long) LONGS.get(b, i) ^ NEWLINES;
                long zero = (w - io.sfnetl.etl.row.internal.Words.ONES) & ~w
                        & io.sfnetl.etl.row.internal.Words.HIGHS;   // exact for the lowest zero byte
                if (zero != 0) {
                    return i + (Long.numberOfTrailingZeros(zero) >>> 3);
                }
            }
            for (; i < to; i++) {
                if (b[i] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        /** Only JSON white space (the general parse skips it): no value on the line. */
        private static boolean blank(byte[] b, int from, int to) {
            for (int i = from; i < to; i++) {
                if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            if (whole != null) {
                whole.close();
            }
            in.close();
        }
    }

    /** One staging line as read back. */
    public record Row(long offset, long line, ObjectNode row) {}

    /** Reads staging lines from a stream (closed by {@link #close()}), one JSON value per line. */
    public static final class Reader implements Closeable {
        private final JsonParser p;
        private long index;

        public Reader(InputStream in) {
            try {
                this.p = Json.MAPPER.createParser(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** A reader of one line's parser whose first value is line {@code index}. */
        private Reader(JsonParser p, long index) {
            this.p = p;
            this.index = index;
        }

        /** Lines returned or skipped so far (the index of the next line). */
        public long index() {
            return index;
        }

        /** Skips lines until {@link #index()} is {@code n} (or the end), without building trees. */
        public void skip(long n) throws IOException {
            while (index < n) {
                if (p.nextToken() == null) {
                    return;
                }
                p.skipChildren();
                index++;
            }
        }

        /**
         * @return the next staging line, or null at the end
         * @throws IOException when the stream cannot be read or a line is not JSON
         * @throws IllegalArgumentException when a line is JSON but not a staging line (the message says which)
         */
        public Row next() throws IOException {
            JsonToken t = p.nextToken();
            if (t == null) {
                return null;
            }
            long at = index++;
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                throw new IllegalArgumentException("line " + at + " is " + t + ", not a JSON object");
            }
            long offset = -1;
            long line = -1;
            ObjectNode row = null;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                t = p.nextToken();
                switch (name) {
                    case "o" -> offset = t.isNumeric() ? p.getValueAsLong(-1) : -1;
                    case "l" -> line = t.isNumeric() ? p.getValueAsLong(-1) : -1;
                    case "r" -> {
                        if (t != JsonToken.START_OBJECT) {
                            p.skipChildren();
                            throw new IllegalArgumentException("line " + at + " has \"r\" that is not an object");
                        }
                        row = readObject(p);
                    }
                    default -> p.skipChildren();
                }
            }
            if (row == null) {
                throw new IllegalArgumentException("line " + at + " has no \"r\" object");
            }
            return new Row(offset, line, row);
        }

        /**
         * Builds the object the parser is at ({@code START_OBJECT}) as {@link Json#MAPPER}'s {@code readTree} would
         * (ints as int/long/BigInteger nodes by size, floats as exact BigDecimal nodes, a repeated name: last wins),
         * without a deserialization context per line.
         */
        private static ObjectNode readObject(JsonParser p) throws IOException {
            ObjectNode o = NODES.objectNode();
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                o.set(name, value(p, p.nextToken()));
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new com.fasterxml.jackson.core.JsonParseException(p, "expected a field name or '}'");
            }
            return o;
        }

        private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
            return switch (t) {
                case VALUE_STRING -> NODES.textNode(p.getText());
                case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
                case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDecimalValue());
                case VALUE_TRUE -> NODES.booleanNode(true);
                case VALUE_FALSE -> NODES.booleanNode(false);
                case VALUE_NULL -> NODES.nullNode();
                case START_OBJECT -> readObject(p);
                case START_ARRAY -> {
                    var a = NODES.arrayNode();
                    for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                        if (e == null) {
                            throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected end in an array");
                        }
                        a.add(value(p, e));
                    }
                    yield a;
                }
                default -> Json.MAPPER.readTree(p);
            };
        }

        @Override
        public void close() throws IOException {
            p.close();
        }
    }
}
