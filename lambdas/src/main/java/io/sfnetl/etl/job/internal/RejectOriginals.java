package io.sfnetl.etl.job.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.errors.InvalidInput;
import io.sfnetl.etl.errors.SourceNotFound;
import io.sfnetl.etl.log.JsonLog;
import io.sfnetl.etl.read.ReadRange;
import io.sfnetl.etl.read.RecordReader;
import io.sfnetl.etl.read.RecordReaders;
import io.sfnetl.etl.read.SourceFormat;
import io.sfnetl.etl.read.SourceRecord;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.storage.Json;
import io.sfnetl.etl.storage.S3Objects;
import io.sfnetl.etl.storage.S3Uri;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The originals of rejects, read again from the objects they came from: the source record at a reject's offset (plain
 * objects by a ranged GET each, or in one pass from the first offset to the last when there are many close together;
 * a {@code .gz} object in one pass through a decompressor, its offsets being uncompressed), or the typed line at that
 * offset of a typed-rows object of an earlier reprocessing (streamed from the first offset wanted to the last). An
 * object that is gone, or that changed since its run listed it (its ETag from that run's {@code sources.json}, when
 * known), gives no originals.
 *
 * <p>Used one window of rejects at a time: {@link #want} each, {@link #fetch()}, then {@link #get}; the next
 * {@code fetch} forgets the previous window's originals, so memory holds one window's. A {@code .gz} pass stays open
 * between windows (at most {@value #MAX_OPEN_GZIP} objects at once) and continues where it stopped when the next
 * window's offsets lie ahead, so rejects in offset order decompress each object once, not once per window. Close it
 * to release those streams. Not thread-safe.
 */
public final class RejectOriginals implements AutoCloseable {
    private static final JsonLog LOG = JsonLog.get(RejectOriginals.class);
    private static final int MAX_SINGLE_READS = 16;
    private static final long MAX_AVERAGE_GAP = 1 << 20;
    private static final int MAX_OPEN_GZIP = 4;

    /** What a reject was made from. */
    public sealed interface Original {
        /** A record in the dataset's own format, unmasked. */
        record Record(SourceRecord record) implements Original {}

        /** A typed row of a typed-rows object: the stage it enters at and the row. */
        record Row(String stage, ObjectNode row) implements Original {}
    }

    private final S3Client s3;
    private final DatasetSpec spec;
    private final Map<String, String> etags;
    private final Predicate<String> typedRows;
    /** object → offset → line, in the order first wanted. */
    private final Map<String, TreeMap<Long, Long>> wanted = new LinkedHashMap<>();
    private final Map<String, Map<Long, Original>> found = new HashMap<>();
    private final Map<String, List<String>> headers = new HashMap<>();
    /** Open {@code .gz} passes by object, least recently used first. */
    private final LinkedHashMap<String, GzipPass> gzipPasses = new LinkedHashMap<>(8, 0.75f, true);

    /**
     * @param etags each source object's ETag when its run listed it (may be empty)
     * @param typedRows whether an object key is that of a typed-rows object
     */
    public RejectOriginals(S3Client s3, DatasetSpec spec, Map<String, String> etags, Predicate<String> typedRows) {
        this.s3 = s3;
        this.spec = spec;
        this.etags = etags;
        this.typedRows = typedRows;
    }

    /** Asks for the original at {@code offset} (its 1-based {@code line} when known, else -1) of {@code object}. */
    public void want(String object, long offset, long line) {
        if (object != null && offset >= 0) {
            wanted.computeIfAbsent(object, o -> new TreeMap<>()).put(offset, line);
        }
    }

    /** Reads every original asked for since the last fetch, forgetting those of the last fetch. */
    public void fetch() {
        found.clear();
        for (Map.Entry<String, TreeMap<Long, Long>> e : wanted.entrySet()) {
            Map<Long, Original> out = new HashMap<>();
            S3Uri uri = S3Uri.parse(e.getKey());
            try {
                if (typedRows.test(uri.key())) {
                    typedLines(uri, e.getValue(), out);
                } else if (RecordReaders.isGzip(uri.key())) {
                    gzipPass(uri, e.getValue(), out);
                } else if (dense(e.getValue())) {
                    plainPass(uri, e.getValue(), out);
                } else {
                    for (Map.Entry<Long, Long> at : e.getValue().entrySet()) {
                        Original o = recordAt(uri, at.getKey(), at.getValue());
                        if (o != null) {
                            out.put(at.getKey(), o);
                        }
                    }
                }
            } catch (NoSuchKeyException ex) {
                LOG.warn("rejects' source object is gone", Map.of("object", e.getKey()));
            } catch (S3Exception ex) {
                if (ex.statusCode() == 416) {
                    // every offset wanted lies past the object's end: it is shorter than when the run read it
                    LOG.warn("rejects' offsets lie past the end of their source object", Map.of("object", e.getKey()));
                } else if (ex.statusCode() != 412 && ex.statusCode() != 404) {
                    throw ex;
                } else {
                    LOG.warn("rejects' source object changed since its run", Map.of("object", e.getKey()));
                }
            }
            found.put(e.getKey(), out);
        }
        wanted.clear();
    }

    /** How many originals the last {@link #fetch()} holds (bounded by the rejects wanted for it). */
    public int held() {
        return found.values().stream().mapToInt(Map::size).sum();
    }

    /** Closes the open {@code .gz} passes. */
    @Override
    public void close() {
        gzipPasses.values().forEach(GzipPass::close);
        gzipPasses.clear();
    }

    /** The original at {@code offset} of {@code object}, or null when it could not be read. */
    public Original get(String object, long offset) {
        return found.getOrDefault(object, Map.of()).get(offset);
    }

    /** The CSV header of a source object (read once per object). */
    public List<String> header(String object) {
        return headers.computeIfAbsent(object, this::readHeader);
    }

    private boolean needsHeader() {
        return spec.format().type() == SourceFormat.CSV && spec.format().header();
    }

    private Original recordAt(S3Uri uri, long offset, long line) {
        InputStream in = S3Objects.openFrom(s3, uri, etags.get(uri.toString()), offset);
        List<String> header;
        try {
            header = offset > 0 && needsHeader() ? header(uri.toString()) : null;
        } catch (RuntimeException e) {
            S3Objects.abortQuietly(in);
            throw e;
        }
        try (RecordReader reader = RecordReaders.open(spec, in, new ReadRange(offset, offset + 1, true, line, header))) {
            SourceRecord r = reader.next();
            // A malformed record comes back as its raw text too: reprocessed, it is rejected again or was fixed.
            return r == null || r.offset() != offset ? null : new Original.Record(r);
        } finally {
            S3Objects.abortQuietly(in);
        }
    }

    /**
     * Many rejects close together (more than {@value #MAX_SINGLE_READS}, on average less than
     * {@value #MAX_AVERAGE_GAP} bytes apart) are read in one pass rather than one GET each.
     */
    private static boolean dense(TreeMap<Long, Long> offsets) {
        return offsets.size() > MAX_SINGLE_READS
                && (offsets.lastKey() - offsets.firstKey()) / offsets.size() < MAX_AVERAGE_GAP;
    }

    /** A plain object read once from the first wanted offset to the last. */
    private void plainPass(S3Uri uri, TreeMap<Long, Long> offsets, Map<Long, Original> out) {
        long first = offsets.firstKey();
        InputStream in = S3Objects.openFrom(s3, uri, etags.get(uri.toString()), first);
        try {
            List<String> header = first > 0 && needsHeader() ? header(uri.toString()) : null;
            pick(RecordReaders.open(spec, in, new ReadRange(first, offsets.lastKey() + 1, true,
                    offsets.firstEntry().getValue(), header)), offsets, out);
        } finally {
            S3Objects.abortQuietly(in);
        }
    }

    /** A gzip object read through a decompressor (its offsets are uncompressed), continuing the last pass if it can. */
    private void gzipPass(S3Uri uri, TreeMap<Long, Long> offsets, Map<Long, Original> out) {
        String key = uri.toString();
        GzipPass pass = gzipPasses.get(key);
        if (pass != null && !pass.canReach(offsets.firstKey())) {
            gzipPasses.remove(key).close();
            pass = null;
        }
        if (pass == null) {
            if (gzipPasses.size() >= MAX_OPEN_GZIP) {
                String eldest = gzipPasses.keySet().iterator().next();
                gzipPasses.remove(eldest).close();
            }
            pass = new GzipPass(uri);
            gzipPasses.put(key, pass);
        }
        try {
            pass.pick(offsets, out);
        } catch (RuntimeException e) {
            gzipPasses.remove(key).close();
            throw e;
        }
    }

    /** One decompressing read of a {@code .gz} object from its start, able to continue across windows. */
    private final class GzipPass {
        private final InputStream raw;
        private final RecordReader reader;
        /** The next record not yet looked at, or null at the end. */
        private SourceRecord next;
        private long lastRead = -1;

        GzipPass(S3Uri uri) {
            raw = S3Objects.openFrom(s3, uri, etags.get(uri.toString()), 0);
            try {
                reader = RecordReaders.open(spec, new GZIPInputStream(raw, 64 * 1024),
                        new ReadRange(0, Long.MAX_VALUE, true, 1, null));
                next = reader.next();
            } catch (IOException e) {
                S3Objects.abortQuietly(raw);
                throw new UncheckedIOException("Cannot read " + uri + " (not gzip data?): " + e.getMessage(), e);
            } catch (RuntimeException e) {
                S3Objects.abortQuietly(raw);
                throw e;
            }
        }

        /** True when the records at or after {@code offset} are still ahead of this pass. */
        boolean canReach(long offset) {
            return next != null ? offset >= next.offset() : offset > lastRead;
        }

        void pick(TreeMap<Long, Long> offsets, Map<Long, Original> out) {
            long last = offsets.lastKey();
            while (next != null && next.offset() <= last) {
                if (offsets.containsKey(next.offset())) {
                    out.put(next.offset(), new Original.Record(next));
                }
                lastRead = next.offset();
                next = reader.next();
            }
        }

        void close() {
            try {
                reader.close();
            } catch (RuntimeException ignored) {
                // dropping the pass; the stream is aborted below
            } finally {
                S3Objects.abortQuietly(raw);
            }
        }
    }

    private static void pick(RecordReader records, TreeMap<Long, Long> offsets, Map<Long, Original> out) {
        try (RecordReader reader = records) {
            long last = offsets.lastKey();
            for (SourceRecord r = reader.next(); r != null && r.offset() <= last; r = reader.next()) {
                if (offsets.containsKey(r.offset())) {
                    out.put(r.offset(), new Original.Record(r));
                }
            }
        }
    }

    /** A typed-rows object streamed from the first wanted offset to the line at the last. */
    private void typedLines(S3Uri uri, TreeMap<Long, Long> offsets, Map<Long, Original> out) {
        long first = offsets.firstKey();
        long last = offsets.lastKey();
        InputStream in = S3Objects.openFrom(s3, uri, etags.get(uri.toString()), first);
        try {
            BufferedInputStream bytes = new BufferedInputStream(in, 64 * 1024);
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long start = first;
            long pos = first;
            while (start <= last) {
                int c = bytes.read();
                if (c != -1 && c != '\n') {
                    line.write(c);
                    pos++;
                    continue;
                }
                if (line.size() > 0 && offsets.containsKey(start)) {
                    typedLine(line.toString(StandardCharsets.UTF_8), start, out);
                }
                if (c == -1) {
                    break;
                }
                line.reset();
                start = ++pos;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + uri + ": " + e.getMessage(), e);
        } finally {
            S3Objects.abortQuietly(in);
        }
    }

    private static void typedLine(String text, long offset, Map<Long, Original> out) {
        try {
            JsonNode n = Json.MAPPER.readTree(text);
            if (n.path("row").isObject()) {
                out.put(offset, new Original.Row(n.path("stage").asText(), (ObjectNode) n.get("row")));
            }
        } catch (IOException e) {
            // not a typed line: no original
        }
    }

    private List<String> readHeader(String original) {
        S3Uri uri = S3Uri.parse(original);
        boolean gz = RecordReaders.isGzip(uri.key());
        InputStream in = null;
        try {
            in = gz ? S3Objects.openFrom(s3, uri, null, 0) : S3Objects.openHead(s3, uri, null, 1 << 20);
            return RecordReaders.readHeader(spec, gz ? new GZIPInputStream(in) : in);
        } catch (NoSuchKeyException e) {
            throw new SourceNotFound("The CSV header of the rejected records comes from their source " + original
                    + ", which no longer exists; restore it, or reprocess a corrected file whose 'object' names a "
                    + "source with the same header", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the header of " + original + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("The CSV header of " + original + " cannot be read: " + e.getMessage(), e);
        } finally {
            if (in != null) {
                S3Objects.abortQuietly(in);
            }
        }
    }
}
