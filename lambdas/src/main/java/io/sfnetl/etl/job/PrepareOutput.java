package io.sfnetl.etl.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sfnetl.etl.config.RunConfig;

/**
 * Prepare's result. When {@code done} is false (a long sequential scan), call Prepare again with the same input plus
 * this {@code cursor}; the other fields are then null.
 *
 * @param done true when the plan is complete
 * @param cursor where the scan continues, when not done
 * @param run run id
 * @param dataset logical dataset name (from the spec)
 * @param spec {@code s3://} URI of the frozen spec copy handed to every stage
 * @param specSha256 hash of the spec's canonical JSON
 * @param manifest where the chunk manifest is (for the Map's ItemReader: {@code bucket}, {@code key})
 * @param objects number of source objects
 * @param bytes their total size
 * @param chunks number of chunks planned
 * @param config the effective run configuration (numbers for the states' Path fields)
 * @param table the DynamoDB table the dataset loads into
 * @param startedAt when Prepare first started (ISO-8601)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PrepareOutput(boolean done, PrepareCursor cursor, String run, String dataset, String spec,
                            String specSha256, Manifest manifest, Integer objects, Long bytes, Integer chunks,
                            RunConfig config, String table, String startedAt) {

    /** An S3 location in the shape the ItemReader's Parameters take. */
    public record Manifest(String bucket, String key, String uri) {
    }

    static PrepareOutput continueAt(PrepareCursor cursor) {
        return new PrepareOutput(false, cursor, null, null, null, null, null, null, null, null, null, null, null);
    }
}
