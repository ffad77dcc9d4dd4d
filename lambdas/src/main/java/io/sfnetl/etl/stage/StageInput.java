package io.sfnetl.etl.stage;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.etl.config.RunConfig;
import io.sfnetl.etl.errors.InvalidInput;
import io.sfnetl.etl.storage.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Input of Validate, Transform and Load (brief §1, stage contract).
 *
 * @param run run id
 * @param chunk chunk id (from the manifest)
 * @param spec {@code s3://} URI of the run's frozen spec copy ({@code manifests/<run>/spec.json})
 * @param read what to read: for Validate a {@link ChunkRange}; for Transform and Load the exact list of keys the
 *     previous stage wrote (its {@code written}), never a listed prefix
 * @param cursor what this stage returned last time, or null on the first call
 * @param counts the chunk's cumulative counts: what this stage returned last time, or on a first call the previous
 *     stage's final counts (null = zero)
 * @param written keys this stage has written for the chunk so far (from its last output); null on a first call
 * @param rejected reject keys written for the chunk so far (this stage's, or carried from earlier stages); may be null
 * @param config the run configuration (optional; informative)
 * @param source the chunk's source object URI, named in reject records of Transform and Load (optional)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StageInput(String run, String chunk, String spec, JsonNode read, Cursor cursor, Counts counts,
                         List<String> written, List<String> rejected, RunConfig config, String source) {

    /** {@code read} as Validate's byte range. */
    @JsonIgnore
    public ChunkRange range() {
        if (read == null || !read.isObject()) {
            throw new InvalidInput("Stage input 'read' of chunk " + chunk + " must be an object {object, etag, start, end}"
                    + " (the chunk descriptor from the manifest), was " + read);
        }
        try {
            return Json.MAPPER.treeToValue(read, ChunkRange.class);
        } catch (Exception e) {
            throw new InvalidInput("Stage input 'read' of chunk " + chunk + " is not a chunk range: " + e.getMessage(), e);
        }
    }

    /** {@code read} as the list of staging keys to read (Transform, Load). */
    @JsonIgnore
    public List<String> keys() {
        if (read == null || !read.isArray()) {
            throw new InvalidInput("Stage input 'read' of chunk " + chunk
                    + " must be the array of keys the previous stage wrote (its 'written'), was " + read);
        }
        List<String> keys = new ArrayList<>();
        read.forEach(k -> keys.add(k.asText()));
        return keys;
    }

    /** The bucket of the run's staging and reject parts: the bucket of the frozen spec (the data bucket). */
    @JsonIgnore
    public String stagingBucket() {
        try {
            return io.sfnetl.etl.storage.S3Uri.parse(spec).bucket();
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("Stage input 'spec': " + e.getMessage(), e);
        }
    }

    /** Checks the fields every stage needs; names the missing one. */
    public void requireBasics(String stage) {
        List<String> missing = new ArrayList<>();
        if (run == null || run.isBlank()) {
            missing.add("run");
        }
        if (chunk == null || chunk.isBlank()) {
            missing.add("chunk");
        }
        if (spec == null || spec.isBlank()) {
            missing.add("spec");
        }
        if (read == null || read.isNull()) {
            missing.add("read");
        }
        if (!missing.isEmpty()) {
            throw new InvalidInput(stage + " input lacks " + String.join(", ", missing)
                    + "; pass {run, chunk, spec, read} as the stage contract says (docs/architecture.md §1)");
        }
    }
}
