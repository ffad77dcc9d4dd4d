package io.sfnetl.etl.job;

import io.sfnetl.etl.stage.ChunkRange;

/**
 * One item of the chunk manifest ({@code manifests/<run>/chunks.json}, a JSON array read by the Distributed Map's
 * ItemReader): exactly Validate's first input.
 *
 * @param run run id
 * @param chunk chunk id (zero-padded number, unique in the run)
 * @param spec {@code s3://} URI of the frozen spec
 * @param read the byte range to validate
 * @param source the source object URI (repeated for Transform's and Load's reject records)
 */
public record ChunkDescriptor(String run, String chunk, String spec, ChunkRange read, String source) {
}
