package io.sfnetl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfnetl.local.services.LocalServices;
import io.sfnetl.samples.OrdersGenerator;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first promise: {@code ./etl start --input samples/orders/input.json} runs the sample job end to end on
 * the local twin (real handlers, real S3 and DynamoDB Local, the real definition), and the counts reconcile.
 */
class StartCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    record Result(int exitCode, JsonNode describe, String stderr) {
        JsonNode output() throws Exception {
            return JSON.readTree(describe.path("output").asText());
        }
    }

    @BeforeAll
    static void home() {
        System.setProperty("etl.home", ROOT.toString());
    }

    static Result start(String... args) throws Exception {
        CliRun.Result r = CliRun.run(args);
        System.err.println(r.err().lines().filter(l -> !l.startsWith("{")).reduce("", (a, b) -> a + b + "\n"));
        return new Result(r.code(), r.out().isBlank() ? JSON.missingNode() : JSON.readTree(r.out()), r.err());
    }

    @Test
    void start_sampleOrders_succeedsAndCountsReconcile(@TempDir Path data) throws Exception {
        Result r = start("start", "--input", ROOT.resolve("samples/orders/input.json").toString(),
                "--data-dir", data.toString(), "--name", "sample-run");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.describe().path("status").asText()).isEqualTo("SUCCEEDED");
        JsonNode out = r.output();
        JsonNode c = out.path("counts");
        assertThat(c.path("read").asLong()).isEqualTo(1000);
        assertThat(c.path("read").asLong()).isEqualTo(
                c.path("loaded").asLong() + c.path("rejected").asLong() + c.path("duplicates").asLong());
        assertThat(c.path("rejected").asLong()).isBetween(1L, 100L);
        assertThat(r.stderr()).contains("SUCCEEDED", "reconciled   yes");

        try (LocalServices services = LocalServices.start(new LocalServices.Options(data, true))) {
            long items = services.dynamoDbClient().scanPaginator(b -> b.tableName("orders")).stream()
                    .mapToLong(p -> p.count()).sum();
            assertThat(items).as("every loaded row is one item (no duplicates within the one chunk)")
                    .isEqualTo(c.path("loaded").asLong());
            var job = services.dynamoDbClient().getItem(b -> b.tableName("etl-jobs")
                    .key(java.util.Map.of("run", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("sample-run"))));
            assertThat(job.item()).as("the job record").isNotEmpty();
            assertThat(job.item().get("status").s()).isEqualTo("SUCCEEDED");
        }
    }

    @Test
    @Tag("slow")
    void start_withShrunkTimeouts_stagesContinueWithCursorsAndLoadTheSameRows(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("orders.csv");
        try (Writer w = Files.newBufferedWriter(csv)) {
            OrdersGenerator.write(new OrdersGenerator.Options(6_000, 0.03, 0.01, 11, false), w);
        }
        Files.copy(ROOT.resolve("samples/orders/orders.spec.json"), dir.resolve("orders.spec.json"));
        Path input = dir.resolve("input.json");
        Files.writeString(input, "{\"dataset\": \"orders.spec.json\", \"source\": \"orders.csv\", \"maxRejectPercent\": 10}");

        Result normal = start("start", "--input", input.toString(), "--data-dir", dir.resolve("a").toString());
        // 900 s functions become 4.5 s with a 2 s safety margin: Load (DynamoDB Local on disk, ~400 items/s) must continue.
        Result scaled = start("start", "--input", input.toString(), "--data-dir", dir.resolve("b").toString(),
                "--lambda-timeout-scale", "0.005");

        assertThat(normal.exitCode()).as(normal.stderr()).isZero();
        assertThat(scaled.exitCode()).as(scaled.stderr()).isZero();
        JsonNode a = normal.output().path("counts");
        JsonNode b = scaled.output().path("counts");
        assertThat(b.path("continuations").asLong()).as("the scaled run stopped early and continued").isPositive();
        assertThat(b.path("read").asLong()).isEqualTo(a.path("read").asLong()).isEqualTo(6_000);
        assertThat(b.path("rejected").asLong()).isEqualTo(a.path("rejected").asLong());
        for (JsonNode c : new JsonNode[] {a, b}) {
            assertThat(c.path("read").asLong()).isEqualTo(
                    c.path("loaded").asLong() + c.path("rejected").asLong() + c.path("duplicates").asLong());
        }
        assertThat(distinctItems(dir.resolve("b"))).as("same rows loaded, none twice")
                .isEqualTo(distinctItems(dir.resolve("a")));
    }

    private static long distinctItems(Path data) {
        try (LocalServices services = LocalServices.start(new LocalServices.Options(data, true))) {
            return services.dynamoDbClient().scanPaginator(b -> b.tableName("orders")).stream().mapToLong(p -> p.count()).sum();
        }
    }
}
