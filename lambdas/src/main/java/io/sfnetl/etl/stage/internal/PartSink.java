package io.sfnetl.etl.stage.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.etl.row.Row;
import io.sfnetl.etl.storage.S3PartWriter;
import io.sfnetl.etl.storage.StagingLines;
import io.sfnetl.etl.storage.StagingKeys;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The staging part and the reject part one stage call writes: {@code staging|rejects/<run>/<chunk>/<stage>/
 * <continuation>-<requestId>}, JSON Lines, streamed (multipart). A part is created on its first line, so an empty
 * part is never written nor listed. Not thread-safe.
 */
public final class PartSink implements AutoCloseable {
    private static final String JSONL = "application/x-ndjson";
    private final S3Client s3;
    private final String bucket;
    private final String stagingKey;
    private final String rejectKey;
    private final String stage;
    private S3PartWriter staging;
    private S3PartWriter rejects;
    private StagingLines.Writer stagingLines;
    private StagingLines.Writer rejectLines;

    public PartSink(S3Client s3, String bucket, String run, String chunk, String stage, long continuation,
                    String requestId) {
        this.s3 = s3;
        this.bucket = bucket;
        this.stage = stage;
        this.stagingKey = StagingKeys.staging(run, chunk, stage, continuation, requestId);
        this.rejectKey = StagingKeys.rejects(run, chunk, stage, continuation, requestId);
    }

    /** Writes one staging line {@code {"o":offset,"l":line,"r":row}}. */
    public void row(long offset, long line, JsonNode row) {
        if (staging == null) {
            staging = new S3PartWriter(s3, bucket, stagingKey, JSONL);
            stagingLines = new StagingLines.Writer(staging);
        }
        stagingLines.row(offset, line, row);
    }

    /** Writes one staging line {@code {"o":offset,"l":line,"r":row}} of a row without a tree. */
    public void row(long offset, long line, Row row) {
        if (staging == null) {
            staging = new S3PartWriter(s3, bucket, stagingKey, JSONL);
            stagingLines = new StagingLines.Writer(staging);
        }
        stagingLines.row(offset, line, row);
    }

    /** Writes one reject line {@code {"object","offset","line","raw","reasons","stage"}}; {@code raw} must be masked. */
    public void reject(String object, long offset, long line, String maskedRaw, List<String> reasons) {
        reject(object, offset, line, maskedRaw, reasons, stage);
    }

    /**
     * As {@link #reject(String, long, long, String, List)}, with the {@code stage} the line names: the stage whose
     * form {@code raw} has (a reprocessed typed row rejected by Validate keeps its Transform or Load form).
     */
    public void reject(String object, long offset, long line, String maskedRaw, List<String> reasons, String stage) {
        if (rejects == null) {
            rejects = new S3PartWriter(s3, bucket, rejectKey, JSONL);
            rejectLines = new StagingLines.Writer(rejects);
        }
        rejectLines.reject(object, offset, line, maskedRaw, reasons, stage);
    }

    /** Completes the parts; returns the keys written: staging part first (if any) — see {@link #written()}. */
    @Override
    public void close() {
        if (staging != null) {
            stagingLines.flush();
            staging.close();
        }
        if (rejects != null) {
            rejectLines.flush();
            rejects.close();
        }
    }

    /** Drops unfinished parts after a failure (a failed call's parts are never listed anyway). */
    public void abort() {
        if (staging != null) {
            staging.abort();
        }
        if (rejects != null) {
            rejects.abort();
        }
    }

    /** The staging keys written (0 or 1), in the order to hand to the next stage. */
    public List<String> written() {
        return staging == null ? List.of() : List.of(stagingKey);
    }

    /** The reject keys written (0 or 1). */
    public List<String> rejected() {
        return rejects == null ? List.of() : List.of(rejectKey);
    }

    /** Appends {@code extra} to {@code base} (null = empty) without modifying either. */
    public static List<String> concat(List<String> base, List<String> extra) {
        List<String> out = new ArrayList<>(base == null ? List.of() : base);
        out.addAll(extra);
        return List.copyOf(out);
    }
}
