package io.sfnetl.etl.stage;

import io.sfnetl.etl.config.EtlConfig;
import io.sfnetl.etl.errors.InvalidInput;
import io.sfnetl.etl.errors.SourceNotFound;
import io.sfnetl.etl.log.JsonLog;
import io.sfnetl.etl.read.ReadRange;
import io.sfnetl.etl.read.RecordReaders;
import io.sfnetl.etl.read.SourceFormat;
import io.sfnetl.etl.rules.ValidatedReader;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.spec.Masking;
import io.sfnetl.etl.stage.internal.PartSink;
import io.sfnetl.etl.stage.internal.RunSpec;
import io.sfnetl.etl.stage.internal.SpecCache;
import io.sfnetl.etl.stage.internal.TypedRows;
import io.sfnetl.etl.storage.S3Objects;
import io.sfnetl.etl.storage.S3Uri;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The Validate stage: streams the records that start in a chunk's byte range (one open-ended ranged GET, aborted
 * once past the range's end; {@code .gz} objects through a decompressor from their start), applies the spec's types
 * and rules, writes valid rows to a staging part and invalid ones (source object, offset, line, masked raw row,
 * every reason) to a reject part. Memory is bounded by one record plus the part buffers, never the object.
 *
 * <p>Before each record it compares the remaining time with the safety margin; below it (and after at least one
 * record, so every call makes progress) it completes its parts and returns {@code done:false} with a cursor at the
 * first unprocessed record. Called again with that cursor it continues there: no record is read twice or lost.
 * Thread-safe (no per-call state in fields).
 */
public final class Validator {
    public static final String STAGE = "validate";
    private static final JsonLog LOG = JsonLog.get(Validator.class);
    /** Bytes fetched for a CSV header when a chunk starts past 0. */
    private static final long HEADER_BYTES = 1 << 20;

    private final S3Client s3;
    private final EtlConfig config;
    private final SpecCache specs;

    public Validator(S3Client s3, EtlConfig config) {
        this(s3, config, new SpecCache(s3));
    }

    public Validator(S3Client s3, EtlConfig config, SpecCache specs) {
        this.s3 = s3;
        this.config = config;
        this.specs = specs;
    }

    /**
     * @param in the stage input; {@code read} is a {@link ChunkRange}
     * @param requestId the invocation's request id (part keys contain it)
     * @param remaining time left in this invocation
     */
    public StageOutput validate(StageInput in, String requestId, RemainingTime remaining) {
        in.requireBasics("Validate");
        ChunkRange range = in.range();
        RunSpec run = specs.get(in.spec());
        if (range.typedRows()) {
            // Reprocessed Transform/Load rejects: typed rows, handed on as they are (RejectsSource).
            return TypedRows.validate(s3, config, in, run, STAGE, requestId, remaining);
        }
        DatasetSpec spec = run.spec();
        S3Uri object = parseObject(range.object());
        Counts counts = Counts.orZero(in.counts());
        Cursor cursor = in.cursor();
        long start = cursor == null ? range.start() : cursor.offset();
        boolean exact = cursor != null || range.exactStart() || start == 0;
        long firstLine = cursor == null ? (range.start() == 0 ? 1 : range.firstLine()) : cursor.line();
        List<String> header = start > 0 && needsHeader(spec) ? readHeader(spec, object, range.etag()) : null;
        ReadRange readRange = new ReadRange(start, range.end(), exact, firstLine, header);

        PartSink sink = new PartSink(s3, in.stagingBucket(), in.run(), in.chunk(), STAGE, counts.continuations(), requestId);
        Cursor next = null;
        long read = 0;
        long bytes = 0;
        long valid = 0;
        long rejected = 0;
        InputStream stream = open(object, range, readRange.streamStart());
        try (ValidatedReader reader = ValidatedReader.open(run.validator(), spec, stream, readRange)) {
            while (reader.next()) {
                if (read > 0 && remaining.getAsLong() < config.safetyMarginMillis()) {
                    next = Cursor.ofOffset(reader.offset(), reader.line());
                    break;
                }
                read++;
                bytes += reader.nextOffset() - reader.offset();
                if (reader.valid() != null) {
                    sink.row(reader.offset(), reader.line(), reader.valid());
                    valid++;
                } else {
                    sink.reject(range.object(), reader.offset(), reader.line(), Masking.mask(spec, reader.record()),
                            reader.reasons());
                    rejected++;
                }
            }
            S3Objects.abortQuietly(stream);
            sink.close();
        } catch (RuntimeException e) {
            S3Objects.abortQuietly(stream);
            sink.abort();
            throw e;
        }
        Counts out = counts.plusRead(read, bytes).plusValid(valid).plusRejected(rejected);
        if (next != null) {
            out = out.plusContinuation();
        }
        LOG.info(next == null ? "validate done" : "validate continues", Map.of("run", in.run(), "chunk", in.chunk(),
                "stage", STAGE, "requestId", requestId, "counts", out, "from", start,
                "next", next == null ? "end" : next.offset()));
        return new StageOutput(next == null, next, PartSink.concat(in.written(), sink.written()),
                PartSink.concat(in.rejected(), sink.rejected()), out, in.chunk());
    }

    private static boolean needsHeader(DatasetSpec spec) {
        return spec.format().type() == SourceFormat.CSV && spec.format().header();
    }

    private List<String> readHeader(DatasetSpec spec, S3Uri object, String etag) {
        InputStream in = object.key().endsWith(".gz")
                ? gunzip(S3Objects.openFrom(s3, object, etag, 0), object)
                : get(() -> S3Objects.openHead(s3, object, etag, HEADER_BYTES), object);
        try {
            return RecordReaders.readHeader(spec, in);
        } finally {
            S3Objects.abortQuietly(in);
        }
    }

    private InputStream open(S3Uri object, ChunkRange range, long streamStart) {
        if (!range.compressed()) {
            return get(() -> S3Objects.openFrom(s3, object, range.etag(), streamStart), object);
        }
        InputStream in = gunzip(get(() -> S3Objects.openFrom(s3, object, range.etag(), 0), object), object);
        try {
            in.skipNBytes(streamStart);
        } catch (IOException e) {
            S3Objects.abortQuietly(in);
            throw new UncheckedIOException("Cannot skip to offset " + streamStart + " of " + object
                    + " (shorter than planned or corrupt gzip): " + e.getMessage(), e);
        }
        return in;
    }

    private static InputStream gunzip(InputStream raw, S3Uri object) {
        try {
            return new GZIPInputStream(raw, 64 * 1024);
        } catch (IOException e) {
            S3Objects.abortQuietly(raw);
            throw new InvalidInput("Source " + object + " ends in .gz but is not gzip data (" + e.getMessage()
                    + "); compress it with gzip or rename it");
        }
    }

    private static <T> T get(java.util.function.Supplier<T> call, S3Uri object) {
        try {
            return call.get();
        } catch (NoSuchKeyException e) {
            throw new SourceNotFound("Source object " + object + " no longer exists; it was listed when the run was "
                    + "planned. Restore it and redrive the execution, or start a new run.", e);
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                throw new SourceNotFound("Source object " + object + " changed since the run was planned (ETag differs);"
                        + " start a new run to load the new version.", e);
            }
            throw e;
        }
    }

    private static S3Uri parseObject(String uri) {
        try {
            return S3Uri.parse(uri);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("Validate input read.object: " + e.getMessage(), e);
        }
    }
}
