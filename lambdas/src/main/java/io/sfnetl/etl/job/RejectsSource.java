package io.sfnetl.etl.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.etl.errors.InvalidInput;
import io.sfnetl.etl.errors.SourceNotFound;
import io.sfnetl.etl.log.JsonLog;
import io.sfnetl.etl.read.ReadRange;
import io.sfnetl.etl.read.RecordReader;
import io.sfnetl.etl.read.RecordReaders;
import io.sfnetl.etl.read.SourceRecord;
import io.sfnetl.etl.read.SourceFormat;
import io.sfnetl.etl.read.internal.CsvRecordReader;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.spec.Masking;
import io.sfnetl.etl.storage.Json;
import io.sfnetl.etl.storage.S3Objects;
import io.sfnetl.etl.storage.S3Uri;
import io.sfnetl.etl.storage.StagingKeys;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reprocessing rejects (execution input {@code sourceFormat: "rejects"}): the source is a run's rejects
 * ({@code s3://<bucket>/rejects/<run>/}, read through its {@code manifest.json} when Finalize wrote one, else every
 * part under the prefix) or one corrected file in the reject format (JSON Lines {@code {"object","offset","line",
 * "raw","reasons","stage"}}). Prepare turns them back into one source object in the dataset's own format,
 * {@code manifests/<run>/rejects-source.<csv|jsonl|json>} (CSV with the original source's header line when the spec
 * has one), and plans it like any source, so the same spec, readers, rules and load apply.
 *
 * <p>Only Validate's rejects hold source records; Transform's and Load's hold typed rows and are skipped (counted).
 * Reject files keep a masked copy of each record ({@value Masking#MASK} for sensitive fields): such a record is read
 * again, unmasked, from its source object at its offset (plain objects only); when that object is gone or compressed
 * it is skipped (counted) unless a corrected file restores the values. Thread-safe.
 */
public final class RejectsSource {
    /** The execution input's {@code sourceFormat} value. */
    public static final String FORMAT = "rejects";
    /** {@code rejects/<run>/...} (a run's rejects) or {@code reprocess/<run>/...} (a corrected file, etl reprocess). */
    private static final Pattern RUN_PREFIX = Pattern.compile("^(?:rejects|reprocess)/([^/]+)/");
    private static final JsonLog LOG = JsonLog.get(RejectsSource.class);
    private final S3Client s3;

    /**
     * What was turned into a source.
     *
     * @param object the written source object
     * @param records records written
     * @param skippedTyped rejects of Transform or Load (typed rows, not source records)
     * @param skippedMasked records with masked sensitive values
     */
    public record Result(SourceObject object, long records, long skippedTyped, long skippedMasked) {
    }

    public RejectsSource(S3Client s3) {
        this.s3 = s3;
    }

    public static boolean isRejects(JsonNode rawInput) {
        return rawInput != null && FORMAT.equals(rawInput.path("sourceFormat").asText(null));
    }

    /** The run of a {@code s3://bucket/rejects/<run>/...} or {@code s3://bucket/reprocess/<run>/...} URI, or null. */
    public static String runOf(String sourceUri) {
        try {
            Matcher m = RUN_PREFIX.matcher(S3Uri.parse(sourceUri).key());
            return m.find() ? m.group(1) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Writes the rejects of {@code source} as {@code manifests/<run>/rejects-source.*} in {@code bucket}. */
    public Result write(DatasetSpec spec, String source, String run, String bucket) {
        List<S3Uri> parts = parts(S3Uri.parse(source));
        SourceFormat type = spec.format().type();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        List<String> header = null;
        long records = 0;
        long typed = 0;
        long masked = 0;
        for (S3Uri part : parts) {
            for (JsonNode reject : lines(part)) {
                String stage = reject.path("stage").asText("validate");
                String raw = reject.path("raw").asText(null);
                if (!"validate".equals(stage) || raw == null) {
                    typed++;
                    continue;
                }
                if (header == null && type == SourceFormat.CSV && spec.format().header()) {
                    header = header(spec, reject.path("object").asText(null), part);
                    writeRecord(body, CsvRecordReader.tokenizer(spec.format()).join(header), spec);
                }
                if (spec.hasSensitiveFields() && raw.contains(Masking.MASK)) {
                    raw = original(spec, reject, header);
                    if (raw == null) {
                        masked++;
                        continue;
                    }
                }
                if (type == SourceFormat.JSON) {
                    body.writeBytes((records == 0 ? "[\n" : ",\n").getBytes(StandardCharsets.UTF_8));
                    body.writeBytes(raw.getBytes(StandardCharsets.UTF_8));
                } else {
                    writeRecord(body, raw, spec);
                }
                records++;
            }
        }
        if (records == 0) {
            throw new SourceNotFound("Nothing to reprocess in " + source + ": " + parts.size() + " reject file(s), "
                    + typed + " reject(s) of Transform/Load (typed rows, not source records), " + masked
                    + " with masked sensitive values. Give a corrected file in the reject format (etl reprocess RUN "
                    + "--fixed FILE) whose 'raw' holds the source records.");
        }
        if (type == SourceFormat.JSON) {
            body.writeBytes("\n]\n".getBytes(StandardCharsets.UTF_8));
        }
        S3Uri out = new S3Uri(bucket, StagingKeys.manifest(run, "rejects-source." + type.specName()));
        byte[] bytes = body.toByteArray();
        PutObjectResponse put = s3.putObject(r -> r.bucket(out.bucket()).key(out.key()), RequestBody.fromBytes(bytes));
        LOG.info("rejects turned into a source", Map.of("run", run, "from", source, "records", records,
                "skippedTyped", typed, "skippedMasked", masked));
        return new Result(new SourceObject(out.toString(), put.eTag(), bytes.length), records, typed, masked);
    }

    private static void writeRecord(ByteArrayOutputStream body, String text, DatasetSpec spec) {
        body.writeBytes(text.getBytes(spec.format().type() == SourceFormat.CSV ? spec.format().encoding()
                : StandardCharsets.UTF_8));
        body.write('\n');
    }

    /** The reject parts to read: the manifest's keys, every part under a prefix, or the one object. */
    private List<S3Uri> parts(S3Uri source) {
        String key = source.key();
        boolean prefix = key.isEmpty() || key.endsWith("/") || key.startsWith("rejects/") && isPrefix(source);
        if (!prefix) {
            return List.of(source);
        }
        String dir = key.endsWith("/") ? key : key + "/";
        List<S3Uri> out = new ArrayList<>();
        try {
            JsonNode manifest = S3Objects.readJson(s3, new S3Uri(source.bucket(), dir + "manifest.json"));
            manifest.path("keys").forEach(k -> out.add(new S3Uri(source.bucket(), k.asText())));
            return out;
        } catch (NoSuchKeyException e) {
            // No manifest (the run did not reach Finalize): every part under the prefix.
        }
        for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(source.bucket()).prefix(dir)).contents()) {
            if (!o.key().endsWith("/manifest.json")) {
                out.add(new S3Uri(source.bucket(), o.key()));
            }
        }
        if (out.isEmpty()) {
            throw new SourceNotFound("No rejects under " + source.resolve(dir) + "; did that run reject anything? "
                    + "(etl job RUN shows its counts)");
        }
        return out;
    }

    private boolean isPrefix(S3Uri source) {
        try {
            s3.headObject(r -> r.bucket(source.bucket()).key(source.key()));
            return false;
        } catch (NoSuchKeyException e) {
            return true;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            return e.statusCode() == 404;
        }
    }

    private List<JsonNode> lines(S3Uri part) {
        List<JsonNode> out = new ArrayList<>();
        try (InputStream in = s3.getObject(r -> r.bucket(part.bucket()).key(part.key()));
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            int n = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(Json.MAPPER.readTree(line));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new InvalidInput(part + " line " + n + " is not a reject line (JSON {\"object\", \"offset\","
                            + " \"line\", \"raw\", \"reasons\", \"stage\"}): " + e.getOriginalMessage(), e);
                }
            }
        } catch (NoSuchKeyException e) {
            throw new SourceNotFound("Reject file " + part + " does not exist (expired, or a wrong path); fix "
                    + "'source'", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + part + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * The unmasked record a reject was made from, read again from its source object at its offset (the reject file
     * keeps only a masked copy), or null when the object is gone or compressed.
     */
    private String original(DatasetSpec spec, JsonNode reject, List<String> header) {
        String object = reject.path("object").asText(null);
        long offset = reject.path("offset").asLong(-1);
        if (object == null || offset < 0 || RecordReaders.isGzip(object)) {
            return null;
        }
        S3Uri uri = S3Uri.parse(object);
        InputStream in;
        try {
            in = S3Objects.openFrom(s3, uri, null, offset);
        } catch (NoSuchKeyException e) {
            return null;
        }
        try (RecordReader reader = RecordReaders.open(spec, in, new ReadRange(offset, offset + 1, true,
                reject.path("line").asLong(-1), offset > 0 ? header : null))) {
            SourceRecord r = reader.next();
            // A malformed record comes back as its raw text too: reprocessed, it is rejected again or was fixed.
            return r == null || r.offset() != offset ? null : r.raw();
        } finally {
            S3Objects.abortQuietly(in);
        }
    }

    /** The CSV header of the original source object a reject came from. */
    private List<String> header(DatasetSpec spec, String original, S3Uri part) {
        if (original == null) {
            throw new InvalidInput(part + ": a reject line has no 'object', so the CSV header of its source is "
                    + "unknown; keep each line's 'object' field");
        }
        S3Uri uri = S3Uri.parse(original);
        InputStream in = null;
        try {
            in = RecordReaders.isGzip(uri.key()) ? S3Objects.openFrom(s3, uri, null, 0)
                    : S3Objects.openHead(s3, uri, null, 1 << 20);
            return RecordReaders.readHeader(spec, RecordReaders.isGzip(uri.key()) ? new GZIPInputStream(in) : in);
        } catch (NoSuchKeyException e) {
            throw new SourceNotFound("The CSV header of the rejected records comes from their source " + original
                    + ", which no longer exists; restore it, or reprocess a corrected file whose 'object' names a "
                    + "source with the same header", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the header of " + original + ": " + e.getMessage(), e);
        } finally {
            if (in != null) {
                S3Objects.abortQuietly(in);
            }
        }
    }
}
