package io.sfnetl.asl;

/**
 * Where a Distributed Map's ResultWriter writes ({@code arn:aws:states:::s3:putObject}). The twin implements it over
 * its S3; {@link InMemoryObjectStore} serves tests. Thread-safe; fails with {@link StatesError}.
 */
@FunctionalInterface
public interface ResultWriterSink {
    void putObject(String bucket, String key, byte[] content);

    /** A sink that fails every write naming the bucket and key. */
    static ResultWriterSink none() {
        return (bucket, key, content) -> {
            throw new StatesError(ErrorNames.RESULT_WRITER_FAILED, "No object store is configured for the ResultWriter "
                    + "(s3://" + bucket + "/" + key + "); give the engine a ResultWriterSink");
        };
    }
}
