package io.sfnetl.etl.stage.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.errors.InvalidInput;
import io.sfnetl.etl.storage.S3Objects;
import io.sfnetl.etl.storage.StagingLines;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Streams the lines {@code {"o":offset,"l":line,"r":row}} of one staging part, numbering them from 0. Reads only the
 * key it is given. Not thread-safe.
 */
public final class PartReader implements AutoCloseable {
    /** One staging line. */
    public record Line(long index, long offset, long line, ObjectNode row) {}

    private final String key;
    private final InputStream stream;
    private final StagingLines.Reader reader;

    public PartReader(S3Client s3, String bucket, String key) {
        this.key = key;
        try {
            this.stream = s3.getObject(r -> r.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            throw new InvalidInput("Staging part s3://" + bucket + "/" + key + " does not exist; 'read' must be the exact"
                    + " 'written' list the previous stage returned for this run and chunk", e);
        }
        this.reader = new StagingLines.Reader(stream);
    }

    /** Skips {@code n} lines (used to continue at a cursor). */
    public void skip(long n) {
        try {
            reader.skip(n);
        } catch (IOException e) {
            throw notStaging(reader.index(), e);
        }
    }

    /** @return the next line, or null at the end of the part */
    public Line next() {
        long i = reader.index();
        try {
            StagingLines.Row r = reader.next();
            return r == null ? null : new Line(i, r.offset(), r.line(), r.row());
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw notStaging(i, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read staging part " + key + ": " + e.getMessage(), e);
        }
    }

    private IllegalStateException notStaging(long line, Exception e) {
        return new IllegalStateException("Staging part " + key + " line " + line + " is not a staging record ("
                + e.getMessage() + "); the part was not written by a stage of this version. Re-run the chunk from "
                + "Validate.", e);
    }

    @Override
    public void close() {
        S3Objects.abortQuietly(stream);
    }
}
