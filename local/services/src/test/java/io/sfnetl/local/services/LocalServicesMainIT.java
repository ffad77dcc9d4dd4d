package io.sfnetl.local.services;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Runs {@link LocalServicesMain} as a real process, as a user would, twice on the same directory. */
class LocalServicesMainIT {

    @TempDir
    Path dataDir;

    @Test
    void main_dataDir_printsEndpointsJsonAndKeepsDataAcrossProcesses() throws Exception {
        var first = start();
        try {
            JsonNode json = first.json();
            assertThat(json.get("dataDir").asText()).isEqualTo(dataDir.toAbsolutePath().normalize().toString());
            assertThat(json.get("region").asText()).isEqualTo("us-east-1");
            assertThat(json.get("pid").asLong()).isEqualTo(first.process().pid());
            try (var s3 = LocalServices.s3Client(URI.create(json.get("s3Endpoint").asText()))) {
                s3.createBucket(b -> b.bucket("cli"));
                s3.putObject(b -> b.bucket("cli").key("k"), RequestBody.fromString("v"));
            }
            try (var dynamo = LocalServices.dynamoDbClient(URI.create(json.get("dynamoDbEndpoint").asText()))) {
                DynamoDbIT.createTable(dynamo, "cli");
            }
        } finally {
            first.stop();
        }
        assertThat(first.process().exitValue()).as("exit code after SIGTERM").isIn(0, 143);

        var second = start();
        try {
            JsonNode json = second.json();
            try (var s3 = LocalServices.s3Client(URI.create(json.get("s3Endpoint").asText()));
                 var dynamo = LocalServices.dynamoDbClient(URI.create(json.get("dynamoDbEndpoint").asText()))) {
                assertThat(s3.getObjectAsBytes(b -> b.bucket("cli").key("k")).asUtf8String()).isEqualTo("v");
                assertThat(dynamo.listTables().tableNames()).containsExactly("cli");
            }
        } finally {
            second.stop();
        }
    }

    @Test
    void sigkill_midUpload_restartSeesCommittedDataOnlyAndDirectoryUnlocked() throws Exception {
        var first = start();
        var halfSent = new CountDownLatch(1);
        var abandon = new CountDownLatch(1);
        try (var s3 = LocalServices.s3Client(URI.create(first.json().get("s3Endpoint").asText()));
             var dynamo = LocalServices.dynamoDbClient(URI.create(first.json().get("dynamoDbEndpoint").asText()))) {
            s3.createBucket(b -> b.bucket("crash"));
            s3.putObject(b -> b.bucket("crash").key("committed"), RequestBody.fromString("done"));
            DynamoDbIT.createTable(dynamo, "crash");
            dynamo.batchWriteItem(b -> b.requestItems(Map.of("crash", DynamoDbIT.puts("p", 0, 25))));

            int size = 8 * 1024 * 1024;
            var upload = Thread.ofVirtual().start(() -> {
                try {
                    s3.putObject(b -> b.bucket("crash").key("partial"),
                            RequestBody.fromInputStream(new StallingStream(size / 2, halfSent, abandon), size));
                } catch (RuntimeException expected) {
                    // the server dies mid-upload
                }
            });
            assertThat(halfSent.await(20, TimeUnit.SECONDS)).as("half of the upload sent").isTrue();
            Thread.sleep(300); // let the server receive what was sent
            first.process().destroyForcibly(); // SIGKILL: no shutdown hook, no flush
            first.process().waitFor(20, TimeUnit.SECONDS);
            abandon.countDown();
            upload.join(Duration.ofSeconds(20));
        }

        var second = start();
        try (var s3 = LocalServices.s3Client(URI.create(second.json().get("s3Endpoint").asText()));
             var dynamo = LocalServices.dynamoDbClient(URI.create(second.json().get("dynamoDbEndpoint").asText()))) {
            assertThat(s3.listObjectsV2(b -> b.bucket("crash")).contents())
                    .extracting(S3Object::key).containsExactly("committed");
            assertThat(dynamo.scan(b -> b.tableName("crash")).count()).isEqualTo(25);
        } finally {
            second.stop();
        }
    }

    /** Gives {@code before} bytes, signals {@code halfSent}, then fails once {@code abandon} is counted down. */
    private static final class StallingStream extends InputStream {
        private final int before;
        private final CountDownLatch halfSent;
        private final CountDownLatch abandon;
        private int sent;

        StallingStream(int before, CountDownLatch halfSent, CountDownLatch abandon) {
            this.before = before;
            this.halfSent = halfSent;
            this.abandon = abandon;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (sent >= before) {
                halfSent.countDown();
                try {
                    abandon.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("stalled upload abandoned");
            }
            int n = Math.min(len, before - sent);
            java.util.Arrays.fill(b, off, off + n, (byte) 'x');
            sent += n;
            return n;
        }
    }

    private record Running(Process process, JsonNode json) {

        void stop() throws InterruptedException {
            process.destroy(); // SIGTERM, as Ctrl-C: runs the shutdown hook
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private Running start() throws IOException {
        long t0 = System.nanoTime();
        String java = ProcessHandle.current().info().command().orElse("java");
        var process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                LocalServicesMain.class.getName(), dataDir.toString()))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        var text = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            text.append(line).append('\n');
            if (line.equals("}")) {
                break;
            }
        }
        System.out.printf("LocalServicesMain: fresh JVM to endpoints JSON in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        JsonNode json = new ObjectMapper().readTree(text.toString());
        return new Running(process, json);
    }
}
