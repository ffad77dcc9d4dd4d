package io.sfnetl.etl.job.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.errors.InvalidInput;
import io.sfnetl.etl.job.SourceObject;
import io.sfnetl.etl.job.internal.RejectOriginals.Original;
import io.sfnetl.etl.read.SourceFormat;
import io.sfnetl.etl.read.internal.CsvRecordReader;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.storage.Json;
import io.sfnetl.etl.storage.S3PartWriter;
import io.sfnetl.etl.storage.S3Uri;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The two objects reprocessing writes, streamed as they are made (multipart uploads through {@link S3PartWriter}, so
 * memory holds one part buffer per object, never the object): records in the dataset's own format, and typed rows.
 * An object is started by its first line; {@link #finish()} completes them, {@link #abort()} leaves nothing behind.
 * Not thread-safe.
 */
public final class RejectsOutput {
    private final S3Client s3;
    private final DatasetSpec spec;
    private final RejectOriginals originals;
    private final String bucket;
    private final String recordsKey;
    private final String rowsKey;
    private S3PartWriter recordsOut;
    private S3PartWriter rowsOut;
    private long records;
    private long rows;

    /**
     * @param originals gives the CSV header of the first record's source object
     * @param recordsKey the key of the records in the dataset's format
     * @param rowsKey the key of the typed rows
     */
    public RejectsOutput(S3Client s3, DatasetSpec spec, RejectOriginals originals, String bucket, String recordsKey,
            String rowsKey) {
        this.s3 = s3;
        this.spec = spec;
        this.originals = originals;
        this.bucket = bucket;
        this.recordsKey = recordsKey;
        this.rowsKey = rowsKey;
    }

    /** Records written so far. */
    public long records() {
        return records;
    }

    /** Typed rows written so far. */
    public long rows() {
        return rows;
    }

    /** Writes what {@code o} holds for reject {@code r}; false when there is no original. */
    public boolean original(Original o, RejectLine r) {
        switch (o) {
            case null -> {
                return false;
            }
            case Original.Record rec -> record(rec.record().raw(), r.object());
            case Original.Row row -> row(row.stage(), row.row(), r);
        }
        return true;
    }

    /** Writes a record in the dataset's format; the first one of a CSV with a header writes its source's header. */
    public void record(String raw, String object) {
        SourceFormat type = spec.format().type();
        if (recordsOut == null) {
            String contentType = switch (type) {
                case CSV -> "text/csv";
                case JSON -> "application/json";
                case JSONL -> "application/x-ndjson";
            };
            if (type == SourceFormat.CSV && spec.format().header()) {
                if (object == null) {
                    throw new InvalidInput("A reject line has no 'object', so the CSV header of its source is "
                            + "unknown; keep each line's 'object' field");
                }
                String header = CsvRecordReader.tokenizer(spec.format()).join(originals.header(object));
                recordsOut = new S3PartWriter(s3, bucket, recordsKey, contentType);
                writeLine(recordsOut, header, recordCharset());
            } else {
                recordsOut = new S3PartWriter(s3, bucket, recordsKey, contentType);
            }
        }
        if (type == SourceFormat.JSON) {
            write(recordsOut, records == 0 ? "[\n" : ",\n", StandardCharsets.UTF_8);
            write(recordsOut, raw, StandardCharsets.UTF_8);
        } else {
            writeLine(recordsOut, raw, recordCharset());
        }
        records++;
    }

    /** Writes a typed row {@code {"stage","row","object","offset","line"}} of reject {@code r}. */
    public void row(String stage, ObjectNode row, RejectLine r) {
        if (rowsOut == null) {
            rowsOut = new S3PartWriter(s3, bucket, rowsKey, "application/x-ndjson");
        }
        ObjectNode line = Json.MAPPER.createObjectNode();
        line.put("stage", stage);
        line.set("row", row);
        line.put("object", r.object());
        line.put("offset", r.offset());
        line.set("line", r.json().path("line"));
        writeLine(rowsOut, line.toString(), StandardCharsets.UTF_8);
        rows++;
    }

    /**
     * Completes the objects written to: records first, then typed rows. When completing the second fails, the first
     * is deleted, so that a failed call leaves neither.
     *
     * @return the objects in that order (none when nothing was written)
     */
    public List<SourceObject> finish() {
        List<SourceObject> out = new ArrayList<>();
        try {
            if (recordsOut != null) {
                if (spec.format().type() == SourceFormat.JSON) {
                    write(recordsOut, "\n]\n", StandardCharsets.UTF_8);
                }
                out.add(complete(recordsOut));
            }
            if (rowsOut != null) {
                out.add(complete(rowsOut));
            }
            return List.copyOf(out);
        } catch (RuntimeException e) {
            abort();
            delete(s3, out);
            throw e;
        }
    }

    /**
     * Deletes objects already completed (of this call, or of earlier calls' segments) after a failure. Best effort: the
     * failure being reported matters more, and {@code etl gc} removes {@code manifests/<run>/}.
     */
    public static void delete(S3Client s3, List<SourceObject> objects) {
        for (SourceObject o : objects) {
            try {
                S3Uri uri = S3Uri.parse(o.object());
                s3.deleteObject(r -> r.bucket(uri.bucket()).key(uri.key()));
            } catch (RuntimeException ignored) {
                // see above
            }
        }
    }

    /** Drops both objects: nothing unfinished is left under their keys. Safe after a failure; idempotent. */
    public void abort() {
        if (recordsOut != null) {
            recordsOut.abort();
        }
        if (rowsOut != null) {
            rowsOut.abort();
        }
    }

    private SourceObject complete(S3PartWriter w) {
        w.close();
        return new SourceObject(new S3Uri(bucket, w.key()).toString(), w.eTag(), w.size());
    }

    private Charset recordCharset() {
        return spec.format().type() == SourceFormat.CSV ? spec.format().encoding() : StandardCharsets.UTF_8;
    }

    private static void writeLine(S3PartWriter out, String text, Charset charset) {
        write(out, text, charset);
        out.write('\n');
    }

    private static void write(S3PartWriter out, String text, Charset charset) {
        byte[] bytes = text.getBytes(charset);
        out.write(bytes, 0, bytes.length);
    }
}
