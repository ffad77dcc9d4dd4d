package io.sfnetl.etl.job;

/**
 * A source object of a run, as listed by Prepare.
 *
 * @param object {@code s3://} URI
 * @param etag its ETag when listed (recorded in the job record)
 * @param size its size in bytes (compressed size for {@code .gz})
 */
public record SourceObject(String object, String etag, long size) {
}
