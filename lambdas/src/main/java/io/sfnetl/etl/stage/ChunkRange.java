package io.sfnetl.etl.stage;

import com.fasterxml.jackson.annotation.JsonIgnore;
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
 * @param rows null for records in the dataset's own format; {@value #TYPED_ROWS} for the typed rows of Transform's
 *     and Load's rejects being reprocessed (JSON Lines written by {@code RejectsSource}, one chunk per object), which
 *     Validate hands on as they are instead of reading them with the spec's reader
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChunkRange(String object, String etag, long start, long end, boolean exactStart, long firstLine,
                         boolean compressed, String rows) {
    /** The {@code rows} value of a chunk of typed rows. */
    public static final String TYPED_ROWS = "typed";

    /** A range of records in the dataset's own format. */
    public ChunkRange(String object, String etag, long start, long end, boolean exactStart, long firstLine,
                      boolean compressed) {
        this(object, etag, start, end, exactStart, firstLine, compressed, null);
    }

    /** True for a chunk of typed rows (reprocessed Transform/Load rejects). */
    @JsonIgnore
    public boolean typedRows() {
        return TYPED_ROWS.equals(rows);
    }
}
