package io.sfnetl.local.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfnetl.local.services.junit.WithLocalServices;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Guards against the embedded S3 server logging at DEBUG: prints PUT and GET rates of a 32 MiB object and
 * requires floors about 6x below what 2 shared cores give (PUT ~100 MB/s, GET ~750 MB/s) yet above what
 * DEBUG logging gives (PUT 6-14 MB/s, GET 55-95 MB/s, measured with {@code org.gaul} at DEBUG, logs to a file).
 */
@WithLocalServices
class S3ThroughputIT {

    private static final int SIZE = 32 * 1024 * 1024;

    @Test
    void putAndGetObject_32MiB_fasterThanWithDebugLogging(LocalServices services) throws Exception {
        var s3 = services.s3Client();
        byte[] data = new byte[SIZE];
        new Random(42).nextBytes(data);
        s3.createBucket(b -> b.bucket("throughput"));
        long bestPut = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            s3.putObject(b -> b.bucket("throughput").key("blob"), RequestBody.fromBytes(data));
            bestPut = Math.min(bestPut, System.nanoTime() - start);
        }
        double putMbps = SIZE / 1e6 / (bestPut / 1e9);

        long best = Long.MAX_VALUE;
        long total = 0;
        byte[] buffer = new byte[1 << 16];
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            try (InputStream in = s3.getObject(b -> b.bucket("throughput").key("blob"))) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    total += n;
                }
            }
            best = Math.min(best, System.nanoTime() - start);
        }
        double getMbps = SIZE / 1e6 / (best / 1e9);
        System.out.printf("S3 32 MiB, best of 3: PUT %.0f MB/s, GET %.0f MB/s%n", putMbps, getMbps);

        assertThat(total).isEqualTo(3L * SIZE);
        assertThat(putMbps).as("PUT MB/s").isGreaterThan(15);
        assertThat(getMbps).as("GET MB/s").isGreaterThan(120);
    }
}
