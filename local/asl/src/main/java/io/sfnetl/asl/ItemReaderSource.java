package io.sfnetl.asl;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;

/**
 * Where a Distributed Map's ItemReader reads ({@code arn:aws:states:::s3:getObject} and {@code s3:listObjectsV2}).
 * The twin implements it over its S3; {@link InMemoryObjectStore} serves tests. Implementations are thread-safe and
 * fail with {@link StatesError} (AWS's S3 error names, e.g. {@code S3.NoSuchKey}) when an object cannot be read.
 */
public interface ItemReaderSource {
    /** The object's content; the caller closes the stream. */
    InputStream getObject(String bucket, String key);

    /** The objects under {@code prefix}, in key order. */
    List<ObjectSummary> listObjects(String bucket, String prefix);

    /** One listed object, as ListObjectsV2 describes it. */
    record ObjectSummary(String key, long size, String etag, Instant lastModified, String storageClass) {
    }

    /** A source with no objects: every read fails naming the bucket and key. */
    static ItemReaderSource none() {
        return new ItemReaderSource() {
            @Override
            public InputStream getObject(String bucket, String key) {
                throw new StatesError("S3.NoSuchKey", "No object store is configured for the ItemReader (s3://" + bucket
                        + "/" + key + "); give the engine an ItemReaderSource");
            }

            @Override
            public List<ObjectSummary> listObjects(String bucket, String prefix) {
                return List.of();
            }
        };
    }
}
