package io.sfnetl.local.twin;

import io.sfnetl.asl.ErrorNames;
import io.sfnetl.asl.ItemReaderSource;
import io.sfnetl.asl.ResultWriterSink;
import io.sfnetl.asl.StatesError;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The Distributed Map's ItemReader and ResultWriter over the twin's S3, with S3's error names. Thread-safe. */
public final class S3ObjectStore implements ItemReaderSource, ResultWriterSink {
    private final S3Client s3;

    public S3ObjectStore(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public InputStream getObject(String bucket, String key) {
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            throw new StatesError("S3.NoSuchKey", "The specified key does not exist. (Bucket: " + bucket + ", Key: " + key + ")");
        } catch (NoSuchBucketException e) {
            throw new StatesError("S3.NoSuchBucket", "The specified bucket does not exist: " + bucket);
        } catch (S3Exception e) {
            throw new StatesError("S3." + e.awsErrorDetails().errorCode(), e.getMessage());
        }
    }

    @Override
    public List<ObjectSummary> listObjects(String bucket, String prefix) {
        List<ObjectSummary> out = new ArrayList<>();
        try {
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                out.add(new ObjectSummary(o.key(), o.size(), o.eTag(), o.lastModified(),
                        o.storageClassAsString() == null ? "STANDARD" : o.storageClassAsString()));
            }
        } catch (NoSuchBucketException e) {
            throw new StatesError("S3.NoSuchBucket", "The specified bucket does not exist: " + bucket);
        }
        return out;
    }

    @Override
    public void putObject(String bucket, String key, byte[] content) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
        } catch (S3Exception e) {
            throw new StatesError(ErrorNames.RESULT_WRITER_FAILED, "cannot write s3://" + bucket + "/" + key + ": " + e.getMessage());
        }
    }
}
