package io.sfnetl.etl.read.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.etl.read.ReadRange;
import io.sfnetl.etl.read.RecordReader;
import io.sfnetl.etl.read.RecordReaders;
import io.sfnetl.etl.read.SourceRecord;
import io.sfnetl.etl.spec.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads JSON Lines (UTF-8, one object per line; blank lines skipped) of one range. Not thread-safe. */
public final class JsonLinesReader implements RecordReader {
    private static final int SHOWN_RAW = 1024;

    private final RecordSplitter splitter;
    private final Decoder decoder = new Decoder(StandardCharsets.UTF_8);
    private final ReadRange range;
    private long line;
    private boolean done;

    public JsonLinesReader(InputStream in, ReadRange range) {
        this.range = range;
        this.splitter = new RecordSplitter(in, range.streamStart(), false, (byte) 0, (byte) 0, -1,
                RecordReaders.MAX_RECORD_BYTES);
        line = splitter.startAt(range);
    }

    @Override
    public SourceRecord next() {
        while (!done) {
            if (!splitter.next() || splitter.offset() >= range.end()) {
                done = true;
                return null;
            }
            long recordLine = line;
            line = line < 0 ? -1 : line + 1;
            if (!splitter.tooLong() && isBlank(splitter.buffer(), splitter.start(), splitter.length())) {
                continue;
            }
            return record(recordLine);
        }
        return null;
    }

    private static boolean isBlank(byte[] b, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    private SourceRecord record(long recordLine) {
        byte[] buf = splitter.buffer();
        String raw = decoder.decode(buf, splitter.start(), splitter.length());
        if (splitter.tooLong()) {
            return error(recordLine, raw, "record longer than " + RecordReaders.MAX_RECORD_BYTES + " bytes");
        }
        String bad = decoder.check(buf, splitter.start(), splitter.length(), raw);
        if (bad != null) {
            return error(recordLine, raw, bad);
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(buf, splitter.start(), splitter.length());
        } catch (JsonProcessingException e) {
            return error(recordLine, raw, "invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return error(recordLine, raw, "invalid JSON: " + e.getMessage());
        }
        if (!node.isObject()) {
            return error(recordLine, raw, "the line is " + JsonArrayReader.kind(node) + ", not a JSON object");
        }
        return new SourceRecord(splitter.offset(), splitter.nextOffset(), recordLine, raw, null, node, null);
    }

    private SourceRecord error(long recordLine, String raw, String reason) {
        String shown = raw.length() > SHOWN_RAW ? raw.substring(0, SHOWN_RAW) + "..." : raw;
        return new SourceRecord(splitter.offset(), splitter.nextOffset(), recordLine, shown, null, null, reason);
    }

    @Override
    public void close() {
        splitter.close();
    }
}
