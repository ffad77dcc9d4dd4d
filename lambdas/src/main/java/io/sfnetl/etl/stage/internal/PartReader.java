package io.sfnetl.etl.stage.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.errors.InvalidInput;
import io.sfnetl.etl.storage.Json;
import io.sfnetl.etl.storage.S3Objects;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
    private final BufferedReader reader;
    private long index;

    public PartReader(S3Client s3, String bucket, String key) {
        this.key = key;
        try {
            this.stream = s3.getObject(r -> r.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            throw new InvalidInput("Staging part s3://" + bucket + "/" + key + " does not exist; 'read' must be the exact"
                    + " 'written' list the previous stage returned for this run and chunk", e);
        }
        this.reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8), 64 * 1024);
    }

    /** Skips {@code n} lines (used to continue at a cursor). */
    public void skip(long n) {
        while (index < n && nextRaw() != null) {
            // skipping
        }
    }

    /** @return the next line, or null at the end of the part */
    public Line next() {
        long i = index;
        String text = nextRaw();
        if (text == null) {
            return null;
        }
        try {
            JsonNode n = Json.MAPPER.readTree(text);
            return new Line(i, n.path("o").asLong(-1), n.path("l").asLong(-1), (ObjectNode) n.get("r"));
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("Staging part " + key + " line " + i + " is not a staging record; the part was"
                    + " not written by a stage of this version. Re-run the chunk from Validate.", e);
        }
    }

    private String nextRaw() {
        try {
            String s = reader.readLine();
            while (s != null && s.isEmpty()) {
                s = reader.readLine();
            }
            if (s != null) {
                index++;
            }
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read staging part " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        S3Objects.abortQuietly(stream);
    }
}
