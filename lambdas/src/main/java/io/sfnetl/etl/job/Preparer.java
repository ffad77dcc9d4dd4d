package io.sfnetl.etl.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.type.TypeReference;
import io.sfnetl.etl.config.EtlConfig;
import io.sfnetl.etl.config.RunConfig;
import io.sfnetl.etl.errors.InvalidInput;
import io.sfnetl.etl.errors.SourceNotFound;
import io.sfnetl.etl.log.JsonLog;
import io.sfnetl.etl.read.ReadRange;
import io.sfnetl.etl.read.RecordReader;
import io.sfnetl.etl.read.RecordReaders;
import io.sfnetl.etl.read.SourceFormat;
import io.sfnetl.etl.read.SourceRecord;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.spec.SpecParser;
import io.sfnetl.etl.stage.ChunkRange;
import io.sfnetl.etl.stage.RemainingTime;
import io.sfnetl.etl.storage.Json;
import io.sfnetl.etl.storage.S3Objects;
import io.sfnetl.etl.storage.S3PartWriter;
import io.sfnetl.etl.storage.S3Uri;
import io.sfnetl.etl.storage.StagingKeys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Prepare: checks the execution input and the dataset spec, lists the source objects (an object or a prefix, plain
 * or {@code .gz}), freezes the spec at {@code manifests/<run>/spec.json}, plans the chunks and writes the manifest
 * {@code manifests/<run>/chunks.json} (a JSON array of {@link ChunkDescriptor}s for the Map's ItemReader), the run
 * record {@code manifests/<run>/run.json} and a RUNNING job record. It first takes the run lease of (dataset,
 * source) ({@link RunLease}, through {@link JobRecords}); a run of {@code sourceFormat: "rejects"} reads its source
 * through {@link RejectsSource}.
 *
 * <p>Chunks are byte ranges of about {@code chunkBytes}. A plain split suffices when a record never spans lines;
 * multiline CSV and JSON arrays are scanned sequentially and cut exactly at record starts ({@code exactStart}); a
 * {@code .gz} object is one chunk (its offsets are uncompressed). The scan watches the remaining time like the stages
 * and returns {@code done:false} with a {@link PrepareCursor}; called again with it, it continues. Thread-safe.
 */
public final class Preparer {
    private static final JsonLog LOG = JsonLog.get(Preparer.class);
    /** Plain objects up to this size get exact first line numbers per chunk (one extra read at Prepare). */
    static final long LINE_COUNT_MAX_BYTES = 4L << 30;

    private final S3Client s3;
    private final EtlConfig config;
    private final JobStore jobs;
    private final JobRecords records;
    private final RejectsSource rejects;
    private final ScheduledRuns scheduled;
    /** Chunk size from the stages' timeout x measured throughput (docs/performance.md). */
    private final ChunkSizing sizing = ChunkSizing.fromEnv(System.getenv());

    public Preparer(S3Client s3, DynamoDbClient dynamo, EtlConfig config) {
        this(s3, dynamo, config, JobRecords.fromEnv(s3, dynamo, config.jobsTable()));
    }

    /** With the given run keeping (lease length, clock), for tests. */
    public Preparer(S3Client s3, DynamoDbClient dynamo, EtlConfig config, JobRecords records) {
        this.s3 = s3;
        this.config = config;
        this.jobs = new JobStore(dynamo, config.jobsTable());
        this.records = records;
        this.rejects = new RejectsSource(s3);
        this.scheduled = new ScheduledRuns(dynamo, config.jobsTable(), ScheduledRuns.zoneFromEnvironment(System.getenv()));
    }

    /**
     * @param rawInput the execution input (JSON object)
     * @param requestId the invocation's request id (partial manifest keys contain it)
     * @param remaining time left in this invocation
     * @throws InvalidInput, io.sfnetl.etl.errors.InvalidSpec, SourceNotFound with what to fix;
     *     io.sfnetl.etl.errors.RunInProgress when another run of the same dataset and source holds the lease
     */
    public PrepareOutput prepare(JsonNode rawInput, String requestId, RemainingTime remaining) {
        PrepareInput in = PrepareInput.parse(rawInput, config);
        OnlyChunks only = OnlyChunks.of(rawInput);
        S3Uri specUri = S3Uri.parse(in.dataset());
        String run = in.runId();
        String bucket = config.dataBucket() != null ? config.dataBucket() : specUri.bucket();
        S3Uri frozen = new S3Uri(bucket, StagingKeys.manifest(run, "spec.json"));
        S3Uri sourcesUri = new S3Uri(bucket, StagingKeys.manifest(run, "sources.json"));
        PrepareCursor cursor = in.cursor();
        // A continuation plans with the copy frozen by the first call, even if the spec was edited meanwhile.
        byte[] specBytes = cursor == null ? readSpec(specUri) : S3Objects.readBytes(s3, frozen);
        DatasetSpec spec = SpecParser.parse(new ByteArrayInputStream(specBytes), in.dataset());
        // a scheduled run reads yesterday's partition and runs once per (dataset, scheduledTime)
        String source = scheduled.source(in.source(), in.scheduledTime());
        if (in.scheduledTime() != null && cursor == null) {
            scheduled.claim(spec.dataset(), in.scheduledTime(), run);
        }
        String reprocessOf = JobRecords.reprocessOf(rawInput);
        if (reprocessOf != null && cursor == null) {
            requireSameDataset(spec, reprocessOf);
        }
        records.start(spec.dataset(), source, run);
        List<SourceObject> sources;
        String startedAt;
        if (cursor == null || cursor.rejects() != null) {
            startedAt = cursor == null ? Instant.now().toString() : cursor.startedAt();
            if (RejectsSource.isRejects(rawInput)) {
                // A reprocessing run's rejects become its sources first, over as many calls as that takes.
                RejectsSource.Step step = rejects.write(spec, source, run, bucket, reprocessOf,
                        cursor == null ? null : cursor.rejects(), remaining, config.safetyMarginMillis());
                if (step.cursor() != null) {
                    if (cursor == null) {
                        S3Objects.putBytes(s3, frozen, specBytes, "application/json");
                    }
                    int continuation = cursor == null ? 1 : cursor.continuation() + 1;
                    return PrepareOutput.continueAt(PrepareCursor.ofRejects(step.cursor(), continuation, startedAt));
                }
                sources = step.result().objects();
            } else {
                sources = list(S3Uri.parse(source));
            }
            S3Objects.putBytes(s3, frozen, specBytes, "application/json");
            S3Objects.putJson(s3, sourcesUri, sources);
            if (cursor != null) {
                // planning starts afresh, counting the calls spent on the rejects
                cursor = new PrepareCursor(0, 0, 1, 0, 1, 0, List.of(), cursor.continuation(), startedAt);
            }
        } else {
            startedAt = cursor.startedAt();
            sources = Json.MAPPER.convertValue(S3Objects.readJson(s3, sourcesUri), new TypeReference<>() {});
        }
        RunConfig runConfig = in.applyTo(spec.maxRejectPercent() == null ? config.defaults()
                : config.defaults().withMaxRejectPercent(spec.maxRejectPercent()));
        runConfig = runConfig.withChunkBytes(sizing.chunkBytes(runConfig, config.safetyMarginMillis(),
                in.chunkBytes() != null));

        Plan plan = new Plan(run, frozen.toString(), runConfig.chunkBytes(), cursor);
        PrepareCursor next = plan.run(spec, sources, remaining, startedAt);
        if (next != null) {
            S3Uri partial = new S3Uri(bucket, StagingKeys.manifest(run, "scan/" + cursor(next) + "-" + requestId + ".json"));
            S3Objects.putJson(s3, partial, plan.chunks);
            List<String> parts = new ArrayList<>(plan.parts);
            parts.add(partial.key());
            PrepareCursor out = new PrepareCursor(next.object(), next.offset(), next.line(), next.chunkStart(),
                    next.chunkLine(), next.nextChunk(), parts, next.continuation(), startedAt);
            LOG.info("prepare continues", Map.of("run", run, "object", next.object(), "offset", next.offset(),
                    "chunksPlanned", next.nextChunk()));
            return PrepareOutput.continueAt(out);
        }
        S3Uri manifest = new S3Uri(bucket, StagingKeys.manifest(run, "chunks.json"));
        int chunks = writeManifest(manifest, plan, only);
        String table = config.tableFor(spec.dataset(), spec.target().table());
        RunRecord record = new RunRecord(run, spec.dataset(), in.dataset(), frozen.toString(), spec.sha256(),
                source, sources, runConfig, table, startedAt, in.scheduledTime());
        S3Objects.putJson(s3, new S3Uri(bucket, StagingKeys.manifest(run, "run.json")), record);
        long bytes = sources.stream().mapToLong(SourceObject::size).sum();
        ObjectNode job = Json.MAPPER.createObjectNode();
        job.put("run", run);
        job.put("dataset", spec.dataset());
        job.put("status", "RUNNING");
        job.put("startedAt", startedAt);
        job.put("source", source);
        job.put("spec", in.dataset());
        job.put("specSha256", spec.sha256());
        job.put("table", table);
        job.put("chunks", chunks);
        job.put("objects", sources.size());
        job.put("bytes", bytes);
        if (in.scheduledTime() != null) {
            job.put("scheduledTime", in.scheduledTime());
        }
        job.set("sourceEtags", etags(sources));
        records.prepared(job, sources, sourcesUri.toString(), rawInput);
        jobs.merge(job);
        LOG.info("prepare done", Map.of("run", run, "dataset", spec.dataset(), "objects", sources.size(),
                "bytes", bytes, "chunks", chunks));
        return new PrepareOutput(true, null, run, spec.dataset(), frozen.toString(), spec.sha256(),
                new PrepareOutput.Manifest(manifest.bucket(), manifest.key(), manifest.toString()), sources.size(),
                bytes, chunks, runConfig, table, startedAt);
    }

    /** A reprocessing run loads the dataset of the run it reprocesses (a corrected spec must not change it). */
    private void requireSameDataset(DatasetSpec spec, String original) {
        Map<String, AttributeValue> record = jobs.get(original);
        String dataset = record.containsKey("dataset") ? record.get("dataset").s() : null;
        if (dataset != null && !dataset.equals(spec.dataset())) {
            throw new InvalidInput("/dataset: the spec is of dataset '" + spec.dataset() + "', but run '" + original
                    + "' whose rejects this run reprocesses loaded dataset '" + dataset + "'; reprocess with a spec "
                    + "of '" + dataset + "'");
        }
    }

    private static int cursor(PrepareCursor c) {
        return c.continuation() - 1;
    }

    static ObjectNode etags(List<SourceObject> sources) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        sources.forEach(s -> n.put(s.object(), s.etag()));
        return n;
    }

    private byte[] readSpec(S3Uri uri) {
        try {
            return S3Objects.readBytes(s3, uri);
        } catch (NoSuchKeyException | NoSuchBucketException e) {
            throw new InvalidInput("/dataset: no dataset spec at " + uri + "; upload the spec there or fix the URI", e);
        }
    }

    /** Lists the source: the object itself, else every non-empty object under the prefix, sorted by key. */
    private List<SourceObject> list(S3Uri source) {
        try {
            if (!source.key().isEmpty() && !source.key().endsWith("/")) {
                HeadObjectResponse head = head(source);
                if (head != null) {
                    if (head.contentLength() == 0) {
                        throw new SourceNotFound("Source object " + source + " is empty (0 bytes); upload the data "
                                + "or point 'source' at another object");
                    }
                    return List.of(new SourceObject(source.toString(), head.eTag(), head.contentLength()));
                }
            }
            String prefix = source.key().isEmpty() || source.key().endsWith("/") ? source.key() : source.key() + "/";
            List<SourceObject> out = new ArrayList<>();
            for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(source.bucket()).prefix(prefix)).contents()) {
                if (!o.key().endsWith("/") && o.size() > 0) {
                    out.add(new SourceObject(source.resolve(o.key()).toString(), o.eTag(), o.size()));
                }
            }
            if (out.isEmpty()) {
                throw new SourceNotFound("Source " + source + " does not exist: no object with that key and no "
                        + "non-empty object under the prefix " + source.resolve(prefix) + "; upload the data or fix "
                        + "'source'");
            }
            out.sort(Comparator.comparing(SourceObject::object));
            return out;
        } catch (NoSuchBucketException e) {
            throw new SourceNotFound("Source bucket '" + source.bucket() + "' does not exist; fix 'source'", e);
        }
    }

    private HeadObjectResponse head(S3Uri uri) {
        try {
            return s3.headObject(r -> r.bucket(uri.bucket()).key(uri.key()));
        } catch (NoSuchKeyException e) {
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Writes the partial manifests of earlier calls and this call's chunks as one JSON array (streamed); with
     * {@code onlyChunks}, only those chunks (the plan is the same, so the ids are the original run's).
     */
    private int writeManifest(S3Uri manifest, Plan plan, OnlyChunks only) {
        int n = 0;
        try (S3PartWriter out = new S3PartWriter(s3, manifest.bucket(), manifest.key(), "application/json")) {
            out.write('[');
            for (String part : plan.parts) {
                for (JsonNode c : S3Objects.readJson(s3, manifest.resolve(part))) {
                    if (only.keep(c.path("chunk").asText())) {
                        out.write(n++ == 0 ? "\n".getBytes() : ",\n".getBytes());
                        out.write(Json.MAPPER.writeValueAsBytes(c));
                    }
                }
            }
            for (ChunkDescriptor c : plan.chunks) {
                if (only.keep(c.chunk())) {
                    out.write(n++ == 0 ? "\n".getBytes() : ",\n".getBytes());
                    out.write(Json.MAPPER.writeValueAsBytes(c));
                }
            }
            out.write("\n]\n".getBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        only.checkAllFound(manifest.toString());
        return n;
    }

    /** One call's planning state. */
    private final class Plan {
        final String run;
        final String spec;
        final long chunkBytes;
        final List<ChunkDescriptor> chunks = new ArrayList<>();
        final List<String> parts;
        final int startObject;
        final PrepareCursor from;
        int nextChunk;
        int continuation;

        Plan(String run, String spec, long chunkBytes, PrepareCursor from) {
            this.run = run;
            this.spec = spec;
            this.chunkBytes = chunkBytes;
            this.from = from;
            this.parts = from == null ? List.of() : from.parts();
            this.startObject = from == null ? 0 : from.object();
            this.nextChunk = from == null ? 0 : from.nextChunk();
            this.continuation = from == null ? 0 : from.continuation();
        }

        void add(SourceObject o, long start, long end, boolean exact, long firstLine, boolean gz) {
            String id = String.format("%05d", nextChunk++);
            chunks.add(new ChunkDescriptor(run, id, spec,
                    new ChunkRange(o.object(), o.etag(), start, end, exact, firstLine, gz), o.object()));
        }

        /** @return null when every object is planned, else where to continue */
        PrepareCursor run(DatasetSpec ds, List<SourceObject> sources, RemainingTime remaining, String startedAt) {
            for (int i = startObject; i < sources.size(); i++) {
                SourceObject o = sources.get(i);
                String key = S3Uri.parse(o.object()).key();
                boolean resuming = from != null && i == startObject;
                if (RejectsSource.isTypedRows(key)) {
                    String id = String.format("%05d", nextChunk++);
                    chunks.add(new ChunkDescriptor(run, id, spec, new ChunkRange(o.object(), o.etag(), 0, o.size(),
                            true, 1, false, ChunkRange.TYPED_ROWS), o.object()));
                } else if (RecordReaders.isGzip(key)) {
                    add(o, 0, Long.MAX_VALUE, true, 1, true);
                } else if (RecordReaders.requiresSequentialScan(ds, key)) {
                    PrepareCursor stop = scan(ds, i, o, resuming ? from : null, remaining, startedAt);
                    if (stop != null) {
                        return stop;
                    }
                } else {
                    long[] firstLines = firstLines(o, chunkBytes);
                    int n = 0;
                    for (long start = 0; start < o.size(); start += chunkBytes, n++) {
                        add(o, start, Math.min(o.size(), start + chunkBytes), start == 0, firstLines[n], false);
                    }
                }
            }
            return null;
        }

        private PrepareCursor scan(DatasetSpec ds, int index, SourceObject o, PrepareCursor at, RemainingTime remaining,
                                   String startedAt) {
            S3Uri uri = S3Uri.parse(o.object());
            long offset = at == null ? 0 : at.offset();
            long line = at == null ? 1 : at.line();
            long chunkStart = at == null ? 0 : at.chunkStart();
            long chunkLine = at == null ? 1 : at.chunkLine();
            List<String> header = offset > 0 && ds.format().type() == SourceFormat.CSV && ds.format().header()
                    ? header(ds, uri, o.etag()) : null;
            InputStream stream = S3Objects.openFrom(s3, uri, o.etag(), offset);
            long scanned = 0;
            try (RecordReader reader = RecordReaders.open(ds, stream, new ReadRange(offset, Long.MAX_VALUE, true, line,
                    header))) {
                for (SourceRecord r = reader.next(); r != null; r = reader.next()) {
                    if (scanned > 0 && remaining.getAsLong() < config.safetyMarginMillis()) {
                        continuation++;
                        return new PrepareCursor(index, r.offset(), r.line(), chunkStart, chunkLine, nextChunk, parts,
                                continuation, startedAt);
                    }
                    scanned++;
                    if (r.offset() > chunkStart && r.offset() - chunkStart >= chunkBytes) {
                        add(o, chunkStart, r.offset(), true, chunkLine, false);
                        chunkStart = r.offset();
                        chunkLine = r.line();
                    }
                }
            } finally {
                S3Objects.abortQuietly(stream);
            }
            add(o, chunkStart, Math.max(o.size(), chunkStart), true, chunkLine, false);
            return null;
        }

        /**
         * The 1-based line of the first record of each plain byte-range chunk, so that rejects carry line numbers.
         * A chunk not starting at 0 owns records from just after the first newline at or after {@code start - 1}, so
         * its first line is 2 + the newlines before {@code start - 1}: one pass counting newlines, done when the
         * object is at most {@link #LINE_COUNT_MAX_BYTES} (else -1: unknown; offsets stay exact).
         */
        private long[] firstLines(SourceObject o, long chunkBytes) {
            int chunks = (int) ((o.size() + chunkBytes - 1) / chunkBytes);
            long[] lines = new long[chunks];
            java.util.Arrays.fill(lines, -1);
            lines[0] = 1;
            if (chunks == 1 || o.size() > LINE_COUNT_MAX_BYTES) {
                return lines;
            }
            InputStream in = S3Objects.openFrom(s3, S3Uri.parse(o.object()), o.etag(), 0);
            try {
                byte[] buf = new byte[256 * 1024];
                long pos = 0;
                long newlines = 0;
                int next = 1;
                long boundary = chunkBytes - 1;
                for (int r = in.read(buf); r > 0 && next < chunks; r = in.read(buf)) {
                    for (int i = 0; i < r; i++, pos++) {
                        if (pos == boundary) {
                            lines[next++] = newlines + 2;
                            boundary += chunkBytes;
                            if (next == chunks) {
                                break;
                            }
                        }
                        if (buf[i] == '\n') {
                            newlines++;
                        }
                    }
                }
                return lines;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot count lines of " + o.object() + ": " + e.getMessage(), e);
            } finally {
                S3Objects.abortQuietly(in);
            }
        }

        private List<String> header(DatasetSpec ds, S3Uri uri, String etag) {
            InputStream in = S3Objects.openHead(s3, uri, etag, 1 << 20);
            try {
                return RecordReaders.readHeader(ds, in);
            } finally {
                S3Objects.abortQuietly(in);
            }
        }
    }
}
