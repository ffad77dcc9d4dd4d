package io.sfnetl.etl.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.errors.InvalidInput;
import io.sfnetl.etl.errors.SourceNotFound;
import io.sfnetl.etl.job.internal.RejectOriginals;
import io.sfnetl.etl.job.internal.RejectOriginals.Original;
import io.sfnetl.etl.log.JsonLog;
import io.sfnetl.etl.read.SourceFormat;
import io.sfnetl.etl.read.internal.CsvRecordReader;
import io.sfnetl.etl.rules.RowValidator;
import io.sfnetl.etl.rules.Validation;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.spec.Masking;
import io.sfnetl.etl.storage.Json;
import io.sfnetl.etl.storage.S3Objects;
import io.sfnetl.etl.storage.S3Uri;
import io.sfnetl.etl.storage.StagingKeys;
import io.sfnetl.etl.transform.RowTransformer;
import io.sfnetl.etl.transform.Transformed;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reprocessing rejects (execution input {@code sourceFormat: "rejects"}): the source is a run's rejects
 * ({@code s3://<bucket>/rejects/<run>/}, read through its {@code manifest.json} when Finalize wrote one, else every
 * part under the prefix) or one corrected file in the reject format (JSON Lines {@code {"object","offset","line",
 * "raw","reasons","stage"}}). Prepare turns them into at most two source objects, planned like any source:
 * <ul>
 * <li>{@code manifests/<run>/rejects-source.<csv|jsonl|json>}: records in the dataset's own format (CSV with the
 *     original source's header line when the spec has one), read by the same readers and rules;</li>
 * <li>{@code manifests/<run>/}{@value #ROWS_NAME}: typed rows, {@code {"stage": "transform"|"load", "row": {...},
 *     "object", "offset", "line"}}, planned as one chunk marked {@code rows: "typed"} that Validate hands on as they
 *     are: a {@code transform} row (a validated row) to Transform, a {@code load} row (a transformed item, its key
 *     composed again) past Transform to Load ({@code io.sfnetl.etl.stage.internal.TypedRows}).</li>
 * </ul>
 *
 * <p>What each reject becomes:
 * <ul>
 * <li><b>Validate's</b> ({@code raw} is a source record): its {@code raw}; when it is masked ({@value Masking#MASK}
 *     for sensitive fields), the unmasked record read again from its source object at its offset.</li>
 * <li><b>Transform's and Load's, from a run's rejects</b> ({@code raw} is a masked typed row or item): the source
 *     record they were made from, read again at its offset, so that the whole spec applies again (a corrected spec
 *     given to the reprocessing run fixes a derive, a key template or a transform); from a typed-rows object of an
 *     earlier reprocessing, its typed row. When the object is gone or changed, the unmasked {@code raw} re-enters as
 *     a typed row at its stage.</li>
 * <li><b>Transform's and Load's, from a corrected file</b>: {@code raw} is the corrected typed row (Transform) or
 *     item (Load) as JSON and re-enters at its stage. A sensitive field still masked is restored from the original
 *     record (validated, and transformed for Load, with the spec).</li>
 * </ul>
 * Nothing is skipped: a reject that cannot be turned back into data (masked, its source gone) fails Prepare with
 * {@link SourceNotFound} saying which and how to fix it (restore the object, or {@code --fixed} with the values).
 * The source objects' ETags are those of the original run's {@code sources.json}, when it still exists. Thread-safe.
 */
public final class RejectsSource {
    /** The execution input's {@code sourceFormat} value. */
    public static final String FORMAT = "rejects";
    /** The file name of the typed-rows object under {@code manifests/<run>/}. */
    public static final String ROWS_NAME = "rejects-rows.jsonl";
    /** {@code rejects/<run>/...} (a run's rejects) or {@code reprocess/<run>/...} (a corrected file, etl reprocess). */
    private static final Pattern RUN_PREFIX = Pattern.compile("^(?:rejects|reprocess)/([^/]+)/");
    private static final String VALIDATE = "validate";
    private static final JsonLog LOG = JsonLog.get(RejectsSource.class);
    private final S3Client s3;

    /**
     * What was turned into a source.
     *
     * @param objects the written source objects: records in the dataset's format and/or typed rows
     * @param records records written (dataset format)
     * @param rows typed rows written
     */
    public record Result(List<SourceObject> objects, long records, long rows) {
    }

    /** One reject line as read. */
    private record Reject(S3Uri part, int lineNo, JsonNode json) {
        String stage() {
            return json.path("stage").asText(VALIDATE);
        }

        String object() {
            return json.path("object").asText(null);
        }

        long offset() {
            return json.path("offset").asLong(-1);
        }

        String raw() {
            return json.path("raw").asText(null);
        }

        String where() {
            return part + " line " + lineNo + " (stage " + stage() + ", source " + object() + " line "
                    + json.path("line").asText("?") + ")";
        }
    }

    public RejectsSource(S3Client s3) {
        this.s3 = s3;
    }

    public static boolean isRejects(JsonNode rawInput) {
        return rawInput != null && FORMAT.equals(rawInput.path("sourceFormat").asText(null));
    }

    /** True for a typed-rows object written by {@link #write} (its key). */
    public static boolean isTypedRows(String key) {
        return key.startsWith("manifests/") && key.endsWith("/" + ROWS_NAME);
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

    /**
     * Writes the rejects of {@code source} as {@code manifests/<run>/rejects-source.*} and/or
     * {@code manifests/<run>/}{@value #ROWS_NAME} in {@code bucket}.
     *
     * @param originalRun the run whose rejects these are (its {@code sources.json} gives the objects' ETags), or null
     * @throws SourceNotFound when there is nothing to reprocess, or a reject cannot be turned back into data
     * @throws InvalidInput when a line is not in the reject format
     */
    public Result write(DatasetSpec spec, String source, String run, String bucket, String originalRun) {
        S3Uri src = S3Uri.parse(source);
        boolean prefix = isPrefixSource(src);
        List<S3Uri> parts = prefix ? prefixParts(src) : List.of(src);
        boolean corrected = !prefix;
        List<Reject> rejects = new ArrayList<>();
        for (S3Uri part : parts) {
            rejects.addAll(lines(part));
        }
        RejectOriginals originals = new RejectOriginals(s3, spec, etags(bucket, originalRun), ROWS_NAME);
        for (Reject r : rejects) {
            if (needsOriginal(spec, r, corrected)) {
                originals.want(r.object(), r.offset(), r.json().path("line").asLong(-1));
            }
        }
        originals.fetch();
        Output out = new Output(spec, originals);
        Restorer restorer = new Restorer(spec);
        List<Reject> lost = new ArrayList<>();
        for (Reject r : rejects) {
            Original o = originals.get(r.object(), r.offset());
            String stage = r.stage();
            switch (stage) {
                case VALIDATE -> {
                    String raw = requireRaw(r);
                    if (!masked(spec, raw)) {
                        out.record(raw, r.object());
                    } else if (!out.original(o, r)) {
                        lost.add(r);
                    }
                }
                case "transform", "load" -> {
                    if (corrected) {
                        out.row(stage, restorer.restore(typedRow(r), stage, o, r.where()), r);
                    } else if (!out.original(o, r)) {
                        ObjectNode row = typedRowOrNull(r);
                        if (row == null || masked(spec, row)) {
                            lost.add(r);
                        } else {
                            out.row(stage, row, r);
                        }
                    }
                }
                default -> throw new InvalidInput(r.where() + ": unknown stage '" + stage + "'; a reject's stage "
                        + "is validate, transform or load");
            }
        }
        if (!lost.isEmpty()) {
            throw new SourceNotFound(lost.size() + " reject(s) of " + source + " cannot be reprocessed: the reject "
                    + "file keeps only a masked copy (sensitive fields " + Masking.MASK + ") and the object they came "
                    + "from is gone or changed, e.g. " + lost.getFirst().where() + ". Restore that object, or "
                    + "reprocess a corrected file (etl reprocess RUN --fixed FILE) whose 'raw' holds the values.");
        }
        if (out.records == 0 && out.rows == 0) {
            throw new SourceNotFound("Nothing to reprocess in " + source + ": " + parts.size() + " reject file(s) "
                    + "without a reject line");
        }
        List<SourceObject> objects = new ArrayList<>();
        if (out.records > 0) {
            objects.add(put(bucket, StagingKeys.manifest(run, "rejects-source." + spec.format().type().specName()),
                    out.recordBytes()));
        }
        if (out.rows > 0) {
            objects.add(put(bucket, StagingKeys.manifest(run, ROWS_NAME), out.rowBytes.toByteArray()));
        }
        LOG.info("rejects turned into a source", Map.of("run", run, "from", source, "records", out.records,
                "typedRows", out.rows));
        return new Result(List.copyOf(objects), out.records, out.rows);
    }

    private SourceObject put(String bucket, String key, byte[] bytes) {
        PutObjectResponse put = s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
        return new SourceObject(new S3Uri(bucket, key).toString(), put.eTag(), bytes.length);
    }

    private static boolean needsOriginal(DatasetSpec spec, Reject r, boolean corrected) {
        return switch (r.stage()) {
            case VALIDATE -> r.raw() != null && masked(spec, r.raw());
            default -> !corrected || r.raw() != null && masked(spec, r.raw());
        };
    }

    private static boolean masked(DatasetSpec spec, String raw) {
        return spec.hasSensitiveFields() && raw.contains(Masking.MASK);
    }

    private static boolean masked(DatasetSpec spec, ObjectNode row) {
        return Masking.sensitiveNames(spec).stream().anyMatch(n -> Masking.MASK.equals(row.path(n).asText()));
    }

    private static String requireRaw(Reject r) {
        String raw = r.raw();
        if (raw == null) {
            throw new InvalidInput(r.where() + " has no 'raw'; a reject line holds the record (Validate) or the typed "
                    + "row (Transform, Load) in 'raw'");
        }
        return raw;
    }

    private static ObjectNode typedRowOrNull(Reject r) {
        try {
            return r.raw() != null && Json.MAPPER.readTree(r.raw()) instanceof ObjectNode o ? o : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    private static ObjectNode typedRow(Reject r) {
        requireRaw(r);
        ObjectNode row = typedRowOrNull(r);
        if (row == null) {
            throw new InvalidInput(r.where() + ": 'raw' must be the corrected " + ("load".equals(r.stage())
                    ? "item (the JSON object Load was given)" : "typed row (the JSON object Transform was given)")
                    + ", written as a JSON string as in the reject file");
        }
        return row;
    }

    /** Each source object's ETag when {@code run} listed it ({@code manifests/<run>/sources.json}), if still there. */
    private Map<String, String> etags(String bucket, String run) {
        Map<String, String> out = new HashMap<>();
        if (run == null) {
            return out;
        }
        try {
            S3Objects.readJson(s3, new S3Uri(bucket, StagingKeys.manifest(run, "sources.json")))
                    .forEach(o -> out.put(o.path("object").asText(), o.path("etag").asText(null)));
        } catch (NoSuchKeyException e) {
            // collected by etl gc: objects are read without an ETag check
        }
        out.values().removeIf(java.util.Objects::isNull);
        return out;
    }

    /** The two bodies being written. */
    private static final class Output {
        final DatasetSpec spec;
        final RejectOriginals originals;
        final ByteArrayOutputStream recordBytes = new ByteArrayOutputStream();
        final ByteArrayOutputStream rowBytes = new ByteArrayOutputStream();
        long records;
        long rows;
        boolean headerWritten;

        Output(DatasetSpec spec, RejectOriginals originals) {
            this.spec = spec;
            this.originals = originals;
        }

        /** Writes what {@code o} holds; false when there is no original. */
        boolean original(Original o, Reject r) {
            switch (o) {
                case null -> {
                    return false;
                }
                case Original.Record rec -> record(rec.record().raw(), r.object());
                case Original.Row row -> row(row.stage(), row.row(), r);
            }
            return true;
        }

        void record(String raw, String object) {
            SourceFormat type = spec.format().type();
            if (!headerWritten && type == SourceFormat.CSV && spec.format().header()) {
                if (object == null) {
                    throw new InvalidInput("A reject line has no 'object', so the CSV header of its source is "
                            + "unknown; keep each line's 'object' field");
                }
                writeLine(recordBytes, CsvRecordReader.tokenizer(spec.format()).join(originals.header(object)));
            }
            headerWritten = true;
            if (type == SourceFormat.JSON) {
                recordBytes.writeBytes((records == 0 ? "[\n" : ",\n").getBytes(StandardCharsets.UTF_8));
                recordBytes.writeBytes(raw.getBytes(StandardCharsets.UTF_8));
            } else {
                writeLine(recordBytes, raw);
            }
            records++;
        }

        void row(String stage, ObjectNode row, Reject r) {
            ObjectNode line = Json.MAPPER.createObjectNode();
            line.put("stage", stage);
            line.set("row", row);
            line.put("object", r.object());
            line.put("offset", r.offset());
            line.set("line", r.json().path("line"));
            rowBytes.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
            rowBytes.write('\n');
            rows++;
        }

        byte[] recordBytes() {
            if (spec.format().type() == SourceFormat.JSON) {
                recordBytes.writeBytes("\n]\n".getBytes(StandardCharsets.UTF_8));
            }
            return recordBytes.toByteArray();
        }

        private void writeLine(ByteArrayOutputStream body, String text) {
            body.writeBytes(text.getBytes(spec.format().type() == SourceFormat.CSV ? spec.format().encoding()
                    : StandardCharsets.UTF_8));
            body.write('\n');
        }
    }

    /** Restores the masked sensitive fields of a corrected typed row from the record it was made from. */
    private static final class Restorer {
        final DatasetSpec spec;
        RowValidator validator;
        RowTransformer transformer;

        Restorer(DatasetSpec spec) {
            this.spec = spec;
        }

        ObjectNode restore(ObjectNode row, String stage, Original o, String where) {
            if (!masked(spec, row)) {
                return row;
            }
            ObjectNode from = switch (o) {
                case null -> null;
                case Original.Row r -> r.row();
                case Original.Record r -> typed(r, stage);
            };
            for (String name : Masking.sensitiveNames(spec)) {
                if (Masking.MASK.equals(row.path(name).asText())) {
                    if (from == null || !from.hasNonNull(name)) {
                        throw new InvalidInput(where + ": sensitive field '" + name + "' is still masked ('"
                                + Masking.MASK + "') and its value cannot be read again from the record the reject "
                                + "was made from (gone, changed, or no longer valid). Write its value in 'raw'.");
                    }
                    row.set(name, from.get(name));
                }
            }
            return row;
        }

        private ObjectNode typed(Original.Record r, String stage) {
            if (validator == null) {
                validator = RowValidator.of(spec);
                transformer = RowTransformer.of(spec);
            }
            if (!(validator.validate(r.record()) instanceof Validation.Valid valid)) {
                return null;
            }
            if ("transform".equals(stage)) {
                return valid.row();
            }
            return transformer.transform(valid.row()) instanceof Transformed.Ok ok ? ok.item() : null;
        }
    }

    /** True when the source is a prefix of reject parts (a run's rejects), false for one corrected file. */
    private boolean isPrefixSource(S3Uri source) {
        String key = source.key();
        return key.isEmpty() || key.endsWith("/") || key.startsWith("rejects/") && isPrefix(source);
    }

    /** The reject parts under a prefix: the manifest's keys, else every part. */
    private List<S3Uri> prefixParts(S3Uri source) {
        String key = source.key();
        String dir = key.endsWith("/") || key.isEmpty() ? key : key + "/";
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

    private List<Reject> lines(S3Uri part) {
        List<Reject> out = new ArrayList<>();
        try (InputStream in = s3.getObject(r -> r.bucket(part.bucket()).key(part.key()));
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            int n = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(new Reject(part, n, Json.MAPPER.readTree(line)));
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
}
