package io.sfnetl.etl.stage;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What Validate reads: the records that start in {@code [start, end)} of one source object (brief §1).
 *
 * @param object {@code s3://bucket/key} of the source object
 * @param etag the object's ETag when planned; a changed object fails the read instead of mixing versions (may be null)
 * @param start first byte (absolute; uncompressed offset for {@code .gz})
 * @param end end byte, exclusive ({@link Long#MAX_VALUE} for a whole compressed object)
 * @param exactStart true when a record starts exactly at {@code start} (planned by a scan); false for a plain byte
 *     split, where the reader skips the partial record before the first newline
 * @param firstLine 1-based line of the first record when known, else -1
 * @param compressed true for a gzip object: read from its beginning through a decompressor
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChunkRange(String object, String etag, long start, long end, boolean exactStart, long firstLine,
                         boolean compressed) {
}
