package io.sfnetl.local.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sfnetl.local.services.internal.IncompleteUploads;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncompleteUploadsTest {

    private static final String UUID = "0b0e2f5a-1c2d-4e5f-8a9b-0c1d2e3f4a5b";

    @TempDir
    Path store;

    @Test
    void remove_tempNameWithoutMarker_deletedAndCommittedKept() throws Exception {
        assumeTrue(Files.getFileStore(store).supportsFileAttributeView(UserDefinedFileAttributeView.class),
                "needs user extended attributes");
        Path bucket = Files.createDirectories(store.resolve("bucket/staging/run/1/validate"));
        Path leftover = Files.writeString(bucket.resolve("0-abc-" + UUID), "half");
        Path committedUuidKey = committed(bucket.resolve("0-" + UUID));
        Path plain = committed(bucket.resolve("orders.csv"));
        Path unmarkedPlainName = Files.writeString(bucket.resolve("no-uuid-here"), "x");

        var removed = IncompleteUploads.remove(store);

        assertThat(removed).containsExactly(leftover);
        assertThat(leftover).doesNotExist();
        assertThat(committedUuidKey).exists();
        assertThat(plain).exists();
        assertThat(unmarkedPlainName).exists();
    }

    @Test
    void remove_missingDirectory_removesNothing() throws Exception {
        assertThat(IncompleteUploads.remove(store.resolve("absent"))).isEmpty();
    }

    private static Path committed(Path file) throws Exception {
        Files.writeString(file, "data");
        Files.getFileAttributeView(file, UserDefinedFileAttributeView.class)
                .write("user.content-md5", ByteBuffer.wrap("md5".getBytes(StandardCharsets.US_ASCII)));
        return file;
    }
}
