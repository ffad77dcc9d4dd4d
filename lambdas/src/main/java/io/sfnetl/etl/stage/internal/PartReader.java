package io.sfnetl.etl.stage.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.errors.InvalidInput;
import io.sfnetl.etl.row.Row;
import io.sfnetl.etl.row.RowLayout;
import io.sfnetl.etl.storage.S3Objects;
import io.sfnetl.etl.storage.StagingLines;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Streams the lines {@code {"o":offset,"l":line,"r":row}} of one staging part, numbering them from 0, as trees
 * ({@link #next()}) or as rows of a layout ({@link #advance()}). Reads only the key it is given. Not thread-safe.
 */
public final class PartReader implements AutoCloseable {
    /** One staging line. */
    public record Line(long index, long offset, long line, ObjectNode row) {}

    private final String key;
    private final InputStream stream;
    /** The tree reader ({@link #next()}), or null when this reads rows. */
    private final StagingLines.Reader reader;
    /** The row reader ({@link #advance()}), or null when this reads trees. */
    private final StagingLines.RowReader rows;

    /** A reader of the part's lines as trees ({@link #next()}). */
    public PartReader(S3Client s3, String bucket, String key) {
        this(s3, bucket, key, null);
    }

    /**
     * A reader of the part's lines as rows of {@code layout} ({@link #advance()}, {@link #row()}: the Transform
     * stage's fast path, no tree for a line in the writer's form), or as trees when {@code layout} is null.
     */
    public PartReader(S3Client s3, String bucket, String key, RowLayout layout) {
        this.key = key;
        try {
            this.stream = s3.getObject(r -> r.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            throw new InvalidInput("Staging part s3://" + bucket + "/" + key + " does not exist; 'read' must be the exact"
                    + " 'written' list the previous stage returned for this run and chunk", e);
        }
        this.reader = layout == null ? new StagingLines.Reader(stream) : null;
        this.rows = layout == null ? null : new StagingLines.RowReader(stream, layout);
    }

    /** Skips {@code n} lines (used to continue at a cursor). */
    public void skip(long n) {
        try {
            if (rows != null) {
                rows.skip(n);
            } else {
                reader.skip(n);
            }
        } catch (IOException e) {
            throw notStaging(rows != null ? rows.index() : reader.index(), e);
        }
    }

    /**
     * Moves to the next line (a reader of rows only).
     *
     * @return false at the end of the part
     */
    public boolean advance() {
        long i = rows.index();
        try {
            return rows.next();
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw notStaging(i, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read staging part " + key + ": " + e.getMessage(), e);
        }
    }

    /** The current line's index in the part (after {@link #advance()}). */
    public long index() {
        return rows.index() - 1;
    }

    /** The current line's source offset. */
    public long offset() {
        return rows.offset();
    }

    /** The current line's source line. */
    public long line() {
        return rows.line();
    }

    /** The current line's row, reused by the next {@link #advance()} ({@link StagingLines.RowReader#row()}). */
    public Row row() {
        return rows.row();
    }

    /** The current line's row as a tree, as read (unchanged by transforms of {@link #row()}). */
    public ObjectNode node() {
        try {
            return rows.node();
        } catch (IOException e) {
            throw notStaging(index(), e);
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
