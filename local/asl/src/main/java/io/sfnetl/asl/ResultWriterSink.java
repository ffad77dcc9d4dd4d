package io.sfnetl.asl;

/**
 * Where a Distributed Map's ResultWriter writes ({@code arn:aws:states:::s3:putObject}). The twin implements it over
 * its S3; {@link InMemoryObjectStore} serves tests. Thread-safe; fails with {@link StatesError}.
 */
@FunctionalInterface
public interface ResultWriterSink {
    void putObject(String bucket, String key, byte[] content);

    /**
     * Writes the content of {@code file} (a temporary file of the engine, deleted after the call): large result files
     * are streamed from disk instead of held in the heap. The default reads the file and calls
     * {@link #putObject(String, String, byte[])}; an implementation over S3 can upload the file as is.
     */
    default void putObject(String bucket, String key, java.nio.file.Path file) {
        try {
            putObject(bucket, key, java.nio.file.Files.readAllBytes(file));
        } catch (java.io.IOException e) {
            throw new StatesError(ErrorNames.RESULT_WRITER_FAILED, "Cannot read the engine's temporary file " + file
                    + " for s3://" + bucket + "/" + key + ": " + e.getMessage());
        }
    }

    /** A sink that fails every write naming the bucket and key. */
    static ResultWriterSink none() {
        return (bucket, key, content) -> {
            throw new StatesError(ErrorNames.RESULT_WRITER_FAILED, "No object store is configured for the ResultWriter "
                    + "(s3://" + bucket + "/" + key + "); give the engine a ResultWriterSink");
        };
    }
}
