package io.sfnetl.etl.read;

import io.sfnetl.etl.spec.DatasetSpec;
import java.io.InputStream;
import java.util.List;

/** Opens {@link RecordReader}s for a dataset's source format. */
public final class RecordReaders {
    /** Longest record a reader accepts (1 MiB); a longer one becomes a malformed record and is skipped. */
    public static final int MAX_RECORD_BYTES = 1 << 20;

    private RecordReaders() {
    }

    /**
     * Opens a reader over one range of a source object.
     *
     * @param spec the dataset spec (format and dialect)
     * @param in the object's bytes (uncompressed: wrap {@code .gz} objects in a GZIPInputStream and skip to
     *     {@link ReadRange#streamStart()}), starting at {@code range.streamStart()}; closed by the reader
     * @param range what to read; for CSV with a header and {@code range.start() > 0}, {@code range.header()} is
     *     required
     * @return a reader returning exactly the records that start in {@code [range.start(), range.end())}
     * @throws IllegalArgumentException when a CSV range past 0 has no header although the spec needs one
     */
    public static RecordReader open(DatasetSpec spec, InputStream in, ReadRange range) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * @return true when chunk boundaries of this object cannot be found from a byte offset alone, so Prepare must
     *     scan it sequentially: multiline CSV, JSON arrays and {@code .gz} objects
     */
    public static boolean requiresSequentialScan(DatasetSpec spec, String objectKey) {
        return isGzip(objectKey) || spec.format().type() == SourceFormat.JSON
                || (spec.format().type() == SourceFormat.CSV && spec.format().multiline());
    }

    /** @return true when the object key names a gzip-compressed object ({@code .gz}) */
    public static boolean isGzip(String objectKey) {
        return objectKey.endsWith(".gz");
    }

    /**
     * Reads the CSV header record from the start of an object.
     *
     * @param objectStart the object's bytes from offset 0 (at least the first record); not closed
     * @return the column names, in order
     * @throws io.sfnetl.etl.errors.InvalidInput when the object is empty, or its header is malformed
     * @throws IllegalArgumentException when the spec is not a CSV spec with {@code header: true}
     */
    public static List<String> readHeader(DatasetSpec spec, InputStream objectStart) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
