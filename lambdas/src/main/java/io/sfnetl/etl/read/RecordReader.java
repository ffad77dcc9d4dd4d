package io.sfnetl.etl.read;

/**
 * Streams the records of one {@link ReadRange} of a source object, in order. Memory is bounded by the longest record
 * (a record longer than {@link RecordReaders#MAX_RECORD_BYTES} becomes a malformed record). Not thread-safe.
 */
public interface RecordReader extends AutoCloseable {
    /**
     * @return the next record that starts in the range (possibly malformed, see {@link SourceRecord#parseError()}),
     *     or null when there are no more
     * @throws java.io.UncheckedIOException only when the stream itself cannot be read
     */
    SourceRecord next();

    /** Closes the underlying stream. */
    @Override
    void close();
}
