package io.sfnetl.local.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfnetl.local.services.junit.WithLocalServices;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A 32 MiB object goes through the embedded S3 server intact, streamed back in 64 KiB reads. Its speed is not asserted
 * here (performance is measured in bench/, never in timed tests); that the server does not log at DEBUG, which
 * made it 10x slower, is QuietLoggingTest's business.
 */
@WithLocalServices
class S3LargeObjectIT {
    private static final int SIZE = 32 * 1024 * 1024;

    @Test
    void putAndGetObject_32MiB_roundTripsByteForByte(LocalServices services) throws Exception {
        var s3 = services.s3Client();
        byte[] data = new byte[SIZE];
        new Random(42).nextBytes(data);
        s3.createBucket(b -> b.bucket("large"));
        s3.putObject(b -> b.bucket("large").key("blob"), RequestBody.fromBytes(data));

        MessageDigest read = MessageDigest.getInstance("SHA-256");
        long total = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = s3.getObject(b -> b.bucket("large").key("blob"))) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                read.update(buffer, 0, n);
                total += n;
            }
        }

        assertThat(total).isEqualTo(SIZE);
        assertThat(read.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
        assertThat(s3.headObject(b -> b.bucket("large").key("blob")).contentLength()).isEqualTo(SIZE);
    }
}
