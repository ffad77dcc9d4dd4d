package io.sfnetl.etl.read.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.sfnetl.etl.read.ReadRange;
import io.sfnetl.etl.read.RecordReader;
import io.sfnetl.etl.read.RecordReaders;
import io.sfnetl.etl.read.SourceRecord;
import io.sfnetl.etl.spec.internal.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;

/**
 * Reads the elements of one JSON array (UTF-8) with Jackson's streaming parser; each element's offset is its first
 * byte. A range not starting at 0 must start exactly at an element (from a sequential scan): the reader then parses
 * the rest of the array as if a {@code [} preceded it. Invalid JSON ends the read with one malformed record (the
 * parser cannot resynchronize). Not thread-safe.
 */
public final class JsonArrayReader implements RecordReader {
    /** Reads one element from the shared parser: more elements follow, so trailing tokens are expected. */
    private static final ObjectReader ELEMENTS =
            Json.MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final JsonParser parser;
    private final ReadRange range;
    private final long base; // absolute offset of the parser's byte 0
    private final long lineBase; // line of the parser's line 1, or -1
    private boolean started;
    private boolean done;

    public JsonArrayReader(InputStream in, ReadRange range) {
        this.range = range;
        try {
            if (range.start() == 0) {
                PushbackInputStream p = new PushbackInputStream(in, 3);
                byte[] head = p.readNBytes(3);
                boolean bom = head.length == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB
                        && (head[2] & 0xFF) == 0xBF;
                if (!bom) {
                    p.unread(head);
                }
                this.base = bom ? 3 : 0;
                this.lineBase = 1;
                this.parser = Json.MAPPER.getFactory().createParser(p);
            } else {
                if (!range.exactStart()) {
                    throw new IllegalArgumentException("a JSON array range must start exactly at an element "
                            + "(exactStart=true, offsets from a sequential scan); got start=" + range.start());
                }
                this.base = range.start() - 1;
                this.lineBase = range.firstLine() >= 1 ? range.firstLine() : -1;
                this.parser = Json.MAPPER.getFactory().createParser(
                        new SequenceInputStream(new ByteArrayInputStream(new byte[] {'['}), in));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the source stream: " + e.getMessage(), e);
        }
    }

    static String kind(JsonNode node) {
        if (node.isArray()) {
            return "an array";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        return node.isNull() ? "null" : "an object";
    }

    @Override
    public SourceRecord next() {
        if (done) {
            return null;
        }
        SourceRecord r = read();
        if (r != null && r.offset() >= range.end()) {
            done = true; // owned by the next range (or past the end of the object)
            return null;
        }
        return r;
    }

    private SourceRecord read() {
        long offset = -1; // the element's start, once known
        long line = -1;
        try {
            if (!started) {
                started = true;
                JsonToken first = parser.nextToken();
                if (first == null) {
                    done = true;
                    return null; // empty object: no records
                }
                if (first != JsonToken.START_ARRAY) {
                    done = true;
                    return error(base + parser.currentTokenLocation().getByteOffset(), line, "",
                            "a JSON array source must start with '[' but starts with " + first.asString()
                                    + ": use format.type jsonl for one object per line");
                }
            }
            JsonToken t = parser.nextToken();
            if (t == JsonToken.END_ARRAY || t == null) {
                done = true;
                if (t == null && base + parser.currentLocation().getByteOffset() < range.end()) {
                    return error(base + parser.currentLocation().getByteOffset(), line(parser.currentLocation()),
                            "", "the JSON array is not closed: ']' is missing at the end (truncated file?)");
                }
                return null;
            }
            offset = base + parser.currentTokenLocation().getByteOffset();
            line = line(parser.currentTokenLocation());
            if (offset >= range.end()) {
                done = true;
                return null;
            }
            JsonNode node = ELEMENTS.readTree(parser);
            long next = base + parser.currentLocation().getByteOffset();
            String raw = node.toString();
            if (next - offset > RecordReaders.MAX_RECORD_BYTES) {
                return new SourceRecord(offset, next, line, raw.substring(0, 1024) + "...", null, null,
                        "element longer than " + RecordReaders.MAX_RECORD_BYTES + " bytes");
            }
            if (!node.isObject()) {
                return new SourceRecord(offset, next, line, raw, null, null,
                        "the array element is " + kind(node) + ", not a JSON object");
            }
            return new SourceRecord(offset, next, line, raw, null, node, null);
        } catch (JsonProcessingException e) {
            done = true;
            if (offset < 0) {
                JsonLocation at = e.getLocation() != null && e.getLocation().getByteOffset() >= 0
                        ? e.getLocation() : parser.currentLocation();
                offset = base + Math.max(0, at.getByteOffset());
                line = line(at);
            }
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + " of the read)";
            return error(offset, line, "", "invalid JSON" + where + ": " + e.getOriginalMessage()
                    + "; the rest of the array cannot be read");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the source stream: " + e.getMessage(), e);
        }
    }

    private long line(JsonLocation loc) {
        return lineBase < 0 || loc.getLineNr() < 1 ? -1 : lineBase + loc.getLineNr() - 1;
    }

    private SourceRecord error(long offset, long line, String raw, String reason) {
        return new SourceRecord(offset, offset, line, raw, null, null, reason);
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
