package io.sfnetl.etl.stage;

import io.sfnetl.etl.config.EtlConfig;
import io.sfnetl.etl.log.JsonLog;
import io.sfnetl.etl.spec.Masking;
import io.sfnetl.etl.stage.internal.PartReader;
import io.sfnetl.etl.stage.internal.PartSink;
import io.sfnetl.etl.stage.internal.RunSpec;
import io.sfnetl.etl.stage.internal.SpecCache;
import io.sfnetl.etl.storage.StagingKeys;
import io.sfnetl.etl.transform.Transformed;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Transform stage: streams the validated staging parts it is handed (in order), applies the spec's transforms
 * and writes the items to its own staging part; rows whose transform fails go to a reject part with every reason.
 * Continuation as {@link Validator}: the cursor is (part index, line index). Thread-safe.
 */
public final class Transformer {
    public static final String STAGE = "transform";
    private static final JsonLog LOG = JsonLog.get(Transformer.class);

    private final S3Client s3;
    private final EtlConfig config;
    private final SpecCache specs;

    public Transformer(S3Client s3, EtlConfig config) {
        this(s3, config, new SpecCache(s3));
    }

    public Transformer(S3Client s3, EtlConfig config, SpecCache specs) {
        this.s3 = s3;
        this.config = config;
        this.specs = specs;
    }

    /**
     * @param in the stage input; {@code read} is the list of Validate's staging keys
     * @param requestId the invocation's request id (part keys contain it)
     * @param remaining time left in this invocation
     */
    public StageOutput transform(StageInput in, String requestId, RemainingTime remaining) {
        in.requireBasics("Transform");
        List<String> keys = in.keys();
        RunSpec run = specs.get(in.spec());
        Counts counts = Counts.orZero(in.counts());
        String bucket = in.stagingBucket();
        Cursor cursor = in.cursor();
        int part = cursor == null ? 0 : cursor.part();
        long skip = cursor == null ? 0 : cursor.index();
        PartSink sink = new PartSink(s3, bucket, in.run(), in.chunk(), STAGE, counts.continuations(), requestId);
        Cursor next = null;
        long processed = 0;
        long transformed = 0;
        long rejected = 0;
        try {
            parts:
            for (; part < keys.size(); part++, skip = 0) {
                // Items already transformed (reprocessed Load rejects) are handed on unchanged.
                boolean items = StagingKeys.isItems(keys.get(part));
                // rows without a tree (the fast path of StagingLines.RowReader), transformed in place
                try (PartReader reader = new PartReader(s3, bucket, keys.get(part), run.transformer().layout())) {
                    reader.skip(skip);
                    while (reader.advance()) {
                        if (processed > 0 && remaining.getAsLong() < config.safetyMarginMillis()) {
                            next = Cursor.ofPart(part, reader.index());
                            break parts;
                        }
                        processed++;
                        if (items) {
                            sink.row(reader.offset(), reader.line(), reader.node());
                            transformed++;
                            continue;
                        }
                        switch (run.transformer().transform(reader.row())) {
                            case Transformed.Ok ok -> {
                                sink.row(reader.offset(), reader.line(), ok.values());
                                transformed++;
                            }
                            case Transformed.Failed failed -> {
                                // the row may be half transformed: the reject shows the line as read
                                sink.reject(in.source(), reader.offset(), reader.line(),
                                        Masking.mask(run.spec(), reader.node()).toString(), failed.reasons());
                                rejected++;
                            }
                        }
                    }
                }
            }
            sink.close();
        } catch (RuntimeException e) {
            sink.abort();
            throw e;
        }
        Counts out = counts.plusTransformed(transformed).plusRejected(rejected);
        if (next != null) {
            out = out.plusContinuation();
        }
        LOG.info(next == null ? "transform done" : "transform continues", Map.of("run", in.run(), "chunk", in.chunk(),
                "stage", STAGE, "requestId", requestId, "counts", out));
        return new StageOutput(next == null, next, PartSink.concat(in.written(), sink.written()),
                PartSink.concat(in.rejected(), sink.rejected()), out, in.chunk());
    }
}
