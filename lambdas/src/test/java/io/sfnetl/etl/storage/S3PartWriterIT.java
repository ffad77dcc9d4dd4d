package io.sfnetl.etl.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfnetl.local.services.LocalServices;
import io.sfnetl.local.services.junit.LocalServicesExtension;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

@ExtendWith(LocalServicesExtension.class)
class S3PartWriterIT {
    private S3Client s3;
    private String bucket;

    @BeforeEach
    void setUp(LocalServices services) {
        s3 = services.s3Client();
        bucket = "parts-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(r -> r.bucket(bucket));
    }

    @Test
    void close_moreThanOneBuffer_multipartObjectWithSameBytes() throws Exception {
        byte[] data = new byte[12 * 1024 * 1024 + 123];
        new Random(7).nextBytes(data);
        S3PartWriter w = new S3PartWriter(s3, bucket, "big", "application/octet-stream", S3PartWriter.MIN_PART_BYTES);
        w.write(data, 0, 1000);
        for (int i = 1000; i < 2000; i++) {
            w.write(data[i]);
        }
        w.write(data, 2000, data.length - 2000);
        assertThat(w.size()).isEqualTo(data.length);
        assertThat(w.eTag()).isNull();
        w.close();
        assertThat(s3.getObjectAsBytes(r -> r.bucket(bucket).key("big")).asByteArray()).isEqualTo(data);
        assertThat(s3.headObject(r -> r.bucket(bucket).key("big")).eTag()).contains("-3").isEqualTo(w.eTag());
    }

    @Test
    void close_smallObject_singlePut() {
        S3PartWriter w = new S3PartWriter(s3, bucket, "small", "text/plain");
        w.write("hello\n".getBytes(), 0, 6);
        w.close();
        assertThat(s3.getObjectAsBytes(r -> r.bucket(bucket).key("small")).asUtf8String()).isEqualTo("hello\n");
        assertThat(w.eTag()).isEqualTo(s3.headObject(r -> r.bucket(bucket).key("small")).eTag());
    }

    @Test
    void abort_afterParts_nothingStored() {
        S3PartWriter w = new S3PartWriter(s3, bucket, "aborted", "application/octet-stream",
                S3PartWriter.MIN_PART_BYTES);
        byte[] chunk = new byte[S3PartWriter.MIN_PART_BYTES + 10];
        w.write(chunk, 0, chunk.length);
        w.abort();
        w.close();
        assertThatThrownBy(() -> s3.headObject(r -> r.bucket(bucket).key("aborted")))
                .isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void new_bufferBelowS3Minimum_fails() {
        assertThatThrownBy(() -> new S3PartWriter(s3, bucket, "k", "t", 1024))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("S3's minimum part size");
    }
}
