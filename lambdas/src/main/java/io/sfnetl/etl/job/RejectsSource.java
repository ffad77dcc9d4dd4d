package io.sfnetl.etl.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.errors.InvalidInput;
import io.sfnetl.etl.errors.SourceNotFound;
import io.sfnetl.etl.job.internal.RejectLine;
import io.sfnetl.etl.job.internal.RejectOriginals;
import io.sfnetl.etl.job.internal.RejectOriginals.Original;
import io.sfnetl.etl.job.internal.RejectsOutput;
import io.sfnetl.etl.log.JsonLog;
import io.sfnetl.etl.rules.RowValidator;
import io.sfnetl.etl.rules.Validation;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.spec.Masking;
import io.sfnetl.etl.stage.RemainingTime;
import io.sfnetl.etl.stage.internal.Deadline;
import io.sfnetl.etl.storage.Json;
import io.sfnetl.etl.storage.S3Objects;
import io.sfnetl.etl.storage.S3Uri;
import io.sfnetl.etl.storage.StagingKeys;
import io.sfnetl.etl.transform.RowTransformer;
import io.sfnetl.etl.transform.Transformed;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reprocessing rejects (execution input {@code sourceFormat: "rejects"}): the source is a run's rejects
 * ({@code s3://<bucket>/rejects/<run>/}, read through its {@code manifest.json} when Finalize wrote one, else every
 * part under the prefix) or one corrected file in the reject format (JSON Lines {@code {"object","offset","line",
 * "raw","reasons","stage"}}). Prepare turns them into at most two source objects (per segment: a reprocessing that
 * outlasts one Prepare call writes one segment per call, see {@link #write(DatasetSpec, String, String, String, String,
 * RejectsCursor, RemainingTime, long)}), planned like any source:
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
    /** The typed rows of segment 0 ({@value #ROWS_NAME}) or of a later segment ({@code rejects-rows-<k>.jsonl}). */
    private static final Pattern ROWS_KEY = Pattern.compile("/rejects-rows(?:-\\d+)?\\.jsonl$");
    private static final String VALIDATE = "validate";
    private static final JsonLog LOG = JsonLog.get(RejectsSource.class);
    /**
     * Rejects read, and their originals fetched, per window: memory holds at most this many reject lines and their
     * originals (plus one part buffer per output object), whatever the number of rejects. 10,000 lines of a few KB
     * are tens of MB at most; fewer, larger windows make fewer passes over each source object.
     */
    public static final int WINDOW = 10_000;
    /**
     * A window also ends once its reject lines reach this many bytes, so that rejects of very large rows (a reject
     * for DynamoDB's 400 KB item limit holds a row over 400 KB) keep a window, and their originals, to tens of MB.
     */
    public static final long WINDOW_BYTES = 32L << 20;
    private final S3Client s3;
    private final int window;
    private final long windowBytes;
    private final AtomicInteger mostHeld = new AtomicInteger();

    /**
     * What was turned into a source.
     *
     * @param objects the written source objects: records in the dataset's format and/or typed rows
     * @param records records written (dataset format)
     * @param rows typed rows written
     */
    public record Result(List<SourceObject> objects, long records, long rows) {
    }

    /**
     * What one call did.
     *
     * @param result when every reject is written, else null
     * @param cursor where the next call continues, when this one stopped early; else null
     */
    public record Step(Result result, RejectsCursor cursor) {
    }

    public RejectsSource(S3Client s3) {
        this(s3, WINDOW, WINDOW_BYTES);
    }

    /** With windows of at most {@code window} rejects and about {@code windowBytes} bytes (tests use small ones). */
    RejectsSource(S3Client s3, int window, long windowBytes) {
        if (window < 1 || windowBytes < 1) {
            throw new IllegalArgumentException("window and windowBytes must be at least 1, were " + window + " and "
                    + windowBytes);
        }
        this.s3 = s3;
        this.window = window;
        this.windowBytes = windowBytes;
    }

    /** With windows of at most {@code window} rejects (tests use small ones). */
    RejectsSource(S3Client s3, int window) {
        this(s3, window, WINDOW_BYTES);
    }

    /** The most rejects (or originals) any {@link #write} held at once so far: at most the window (for tests). */
    int mostHeld() {
        return mostHeld.get();
    }

    public static boolean isRejects(JsonNode rawInput) {
        return rawInput != null && FORMAT.equals(rawInput.path("sourceFormat").asText(null));
    }

    /** True for a typed-rows object written by {@link #write} (its key; any segment's). */
    public static boolean isTypedRows(String key) {
        return key.startsWith("manifests/") && ROWS_KEY.matcher(key).find();
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
     * {@code manifests/<run>/}{@value #ROWS_NAME} in {@code bucket}, in one call whatever it takes.
     *
     * @see #write(DatasetSpec, String, String, String, String, RejectsCursor, RemainingTime, long)
     */
    public Result write(DatasetSpec spec, String source, String run, String bucket, String originalRun) {
        return write(spec, source, run, bucket, originalRun, null, RemainingTime.unlimited(), 0).result();
    }

    /**
     * Writes the rejects of {@code source}, streaming: the reject files are read line by line in windows of
     * {@link #WINDOW} rejects or {@link #WINDOW_BYTES} bytes of reject lines, whichever comes first (each window's
     * originals fetched together), and the outputs are multipart uploads.
     * After each window the call stops when the remaining time is below {@code marginMillis} plus twice the slowest
     * window so far: it completes this call's <em>segment</em> and returns where to continue. Segment 0 is
     * {@code manifests/<run>/rejects-source.<csv|jsonl|json>} and {@code manifests/<run>/}{@value #ROWS_NAME} (all
     * there is when one call does it all); segment {@code k} is {@code rejects-source-<k>.*} and
     * {@code rejects-rows-<k>.jsonl}, each a complete object of its format (a CSV with its header line, a closed JSON
     * array). When it fails, nothing is left under any segment's keys, this call's or earlier ones'.
     *
     * @param originalRun the run whose rejects these are (its {@code sources.json} gives the objects' ETags), or null
     * @param from where the previous call stopped, or null to start
     * @throws SourceNotFound when there is nothing to reprocess, or a reject cannot be turned back into data
     * @throws InvalidInput when a line is not in the reject format
     */
    public Step write(DatasetSpec spec, String source, String run, String bucket, String originalRun,
            RejectsCursor from, RemainingTime remaining, long marginMillis) {
        S3Uri src = S3Uri.parse(source);
        boolean prefix = isPrefixSource(src);
        List<S3Uri> parts = prefix ? prefixParts(src) : List.of(src);
        boolean corrected = !prefix;
        int segment = from == null ? 0 : from.segment();
        List<SourceObject> earlier = from == null ? List.of() : from.objects();
        Deadline deadline = new Deadline(remaining, marginMillis);
        deadline.reached();
        boolean done = false;
        long startNanos = System.nanoTime();
        try (RejectOriginals originals = new RejectOriginals(s3, spec, etags(bucket, originalRun),
                RejectsSource::isTypedRows)) {
            String suffix = segment == 0 ? "" : "-" + segment;
            RejectsOutput out = new RejectsOutput(s3, spec, originals, bucket,
                    StagingKeys.manifest(run, "rejects-source" + suffix + "." + spec.format().type().specName()),
                    StagingKeys.manifest(run, "rejects-rows" + suffix + ".jsonl"));
            Windows windows = new Windows(spec, corrected, originals, out, from);
            try {
                List<RejectLine> batch = new ArrayList<>(Math.min(window, 1024));
                long batchBytes = 0;
                for (int p = from == null ? 0 : from.part(); p < parts.size(); p++) {
                    boolean resume = from != null && p == from.part();
                    try (RejectLine.Reader lines = resume ? RejectLine.Reader.open(s3, parts.get(p), from.offset(),
                            from.line()) : RejectLine.Reader.open(s3, parts.get(p))) {
                        long before = lines.offset();
                        for (RejectLine r = lines.next(); r != null; r = lines.next()) {
                            batch.add(r);
                            batchBytes += lines.offset() - before;
                            before = lines.offset();
                            if (batch.size() == window || batchBytes >= windowBytes) {
                                windows.write(batch);
                                batchBytes = 0;
                                if (deadline.reached()) {
                                    List<SourceObject> objects = concat(earlier, out.finish());
                                    done = true;
                                    RejectsCursor next = new RejectsCursor(p, lines.offset(), lines.lineNo(),
                                            segment + 1, windows.records(), windows.rows(), windows.lost,
                                            windows.firstLost, objects);
                                    LOG.info("rejects continue in the next call", Map.of("run", run, "part", p,
                                            "line", lines.lineNo(), "segment", segment, "rejects", windows.read,
                                            "slowestWindowMillis", deadline.slowestStepMillis()));
                                    return new Step(null, next);
                                }
                            }
                        }
                    }
                }
                windows.write(batch);
                if (windows.lost > 0) {
                    throw new SourceNotFound(windows.lost + " reject(s) of " + source + " cannot be reprocessed: the "
                            + "reject file keeps only a masked copy (sensitive fields " + Masking.MASK + ") and the "
                            + "object they came from is gone or changed, e.g. " + windows.firstLost + ". Restore that "
                            + "object, or reprocess a corrected file (etl reprocess RUN --fixed FILE) whose 'raw' "
                            + "holds the values.");
                }
                if (windows.records() == 0 && windows.rows() == 0) {
                    throw new SourceNotFound("Nothing to reprocess in " + source + ": " + parts.size() + " reject "
                            + "file(s) without a reject line");
                }
                List<SourceObject> objects = concat(earlier, out.finish());
                done = true;
                LOG.info("rejects turned into a source", Map.of("run", run, "from", source, "rejects", windows.read,
                        "records", windows.records(), "typedRows", windows.rows(), "windows", windows.count,
                        "segments", segment + 1, "millis", (System.nanoTime() - startNanos) / 1_000_000));
                return new Step(new Result(objects, windows.records(), windows.rows()), null);
            } finally {
                if (!done) {
                    out.abort();
                    RejectsOutput.delete(s3, earlier);
                }
            }
        }
    }

    private static List<SourceObject> concat(List<SourceObject> a, List<SourceObject> b) {
        List<SourceObject> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }

    /** Turns windows of rejects into output, counting the lost ones (reported together at the end). */
    private final class Windows {
        final DatasetSpec spec;
        final boolean corrected;
        final RejectOriginals originals;
        final RejectsOutput out;
        final Restorer restorer;
        final long recordsBefore;
        final long rowsBefore;
        long lost;
        String firstLost;
        int count;
        long read;

        Windows(DatasetSpec spec, boolean corrected, RejectOriginals originals, RejectsOutput out, RejectsCursor from) {
            this.spec = spec;
            this.corrected = corrected;
            this.originals = originals;
            this.out = out;
            this.restorer = new Restorer(spec);
            this.recordsBefore = from == null ? 0 : from.records();
            this.rowsBefore = from == null ? 0 : from.rows();
            this.lost = from == null ? 0 : from.lost();
            this.firstLost = from == null ? null : from.firstLost();
        }

        /** Records written by this call and the earlier ones. */
        long records() {
            return recordsBefore + out.records();
        }

        /** Typed rows written by this call and the earlier ones. */
        long rows() {
            return rowsBefore + out.rows();
        }

        /** Fetches the originals of {@code batch} together, writes what each becomes, and empties it. */
        void write(List<RejectLine> batch) {
            if (batch.isEmpty()) {
                return;
            }
            count++;
            read += batch.size();
            for (RejectLine r : batch) {
                if (needsOriginal(spec, r, corrected)) {
                    originals.want(r.object(), r.offset(), r.json().path("line").asLong(-1));
                }
            }
            originals.fetch();
            mostHeld.accumulateAndGet(Math.max(batch.size(), originals.held()), Math::max);
            for (RejectLine r : batch) {
                write(r, originals.get(r.object(), r.offset()));
            }
            batch.clear();
        }

        private void write(RejectLine r, Original o) {
            String stage = r.stage();
            switch (stage) {
                case VALIDATE -> {
                    String raw = requireRaw(r);
                    if (!masked(spec, raw)) {
                        out.record(raw, r.object());
                    } else if (!out.original(o, r)) {
                        lost(r);
                    }
                }
                case "transform", "load" -> {
                    if (corrected) {
                        out.row(stage, restorer.restore(typedRow(r), stage, o, r.where()), r);
                    } else if (!out.original(o, r)) {
                        ObjectNode row = typedRowOrNull(r);
                        if (row == null || masked(spec, row)) {
                            lost(r);
                        } else {
                            out.row(stage, row, r);
                        }
                    }
                }
                default -> throw new InvalidInput(r.where() + ": unknown stage '" + stage + "'; a reject's stage "
                        + "is validate, transform or load");
            }
        }

        private void lost(RejectLine r) {
            if (lost++ == 0) {
                firstLost = r.where();
            }
        }
    }

    private static boolean needsOriginal(DatasetSpec spec, RejectLine r, boolean corrected) {
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

    private static String requireRaw(RejectLine r) {
        String raw = r.raw();
        if (raw == null) {
            throw new InvalidInput(r.where() + " has no 'raw'; a reject line holds the record (Validate) or the typed "
                    + "row (Transform, Load) in 'raw'");
        }
        return raw;
    }

    private static ObjectNode typedRowOrNull(RejectLine r) {
        try {
            return r.raw() != null && Json.MAPPER.readTree(r.raw()) instanceof ObjectNode o ? o : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    private static ObjectNode typedRow(RejectLine r) {
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
}
