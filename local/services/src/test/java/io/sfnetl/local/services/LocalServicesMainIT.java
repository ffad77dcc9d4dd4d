package io.sfnetl.local.services;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

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
