package io.sfnetl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.local.services.LocalServices;
import io.sfnetl.local.workflow.ToleratedFailureRun;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code etl rerun-chunks RUN} on a run that tolerated one failed chunk (test case ToleratedChunkFailure of
 * statemachine/test/MockConfigFile.json, whose Loads are mocked: the table starts empty): the re-run loads exactly the
 * failed chunk's rows, and running it again changes nothing (idempotent).
 */
class RerunChunksCommandIT {
    @org.junit.jupiter.api.BeforeAll
    static void home() {
        StartCommandIT.home();
    }

    @Test
    void rerunChunks_runWithOneToleratedFailedChunk_loadsExactlyThatChunkAndIsIdempotent(@TempDir Path dir) throws Exception {
        String failedObject = ToleratedFailureRun.run(dir, "tolerated");

        StartCommandIT.Result first = StartCommandIT.start("rerun-chunks", "tolerated", "--data-dir", dir.toString(),
                "--name", "tolerated-rerun-1");
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(first.describe().path("status").asText()).isEqualTo("SUCCEEDED");
        JsonNode out = first.output();
        assertThat(out.path("chunks").asInt()).isEqualTo(1);
        Set<String> expected = failedObject.endsWith("part-1.csv")
                ? Set.of("ORD-000011", "ORD-000012", "ORD-000013", "ORD-000014")
                : Set.of("ORD-000015", "ORD-000016", "ORD-000017", "ORD-000018", "ORD-000019");
        assertThat(out.path("counts").path("loaded").asLong()).isEqualTo(expected.size());
        assertThat(ids(dir)).isEqualTo(expected);

        StartCommandIT.Result again = StartCommandIT.start("rerun-chunks", "tolerated", "--data-dir", dir.toString(),
                "--name", "tolerated-rerun-2");
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(ids(dir)).as("the same items, overwritten").isEqualTo(expected);
    }

    @Test
    void rerunChunks_unknownRun_exitsTwoNamingTheRun(@TempDir Path dir) throws Exception {
        try (LocalServices s = LocalServices.start(new LocalServices.Options(dir, true))) {
            s.dynamoDbClient().createTable(b -> b.tableName("etl-jobs")
                    .keySchema(k -> k.attributeName("run").keyType("HASH"))
                    .attributeDefinitions(a -> a.attributeName("run").attributeType("S")).billingMode("PAY_PER_REQUEST"));
        }
        StartCommandIT.Result r = StartCommandIT.start("rerun-chunks", "no-such-run", "--data-dir", dir.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("no job record for run 'no-such-run'");
    }

    private static Set<String> ids(Path dir) {
        Set<String> ids = new TreeSet<>();
        try (LocalServices services = LocalServices.start(new LocalServices.Options(dir, true))) {
            services.dynamoDbClient().scanPaginator(b -> b.tableName("orders")).items()
                    .forEach(i -> ids.add(i.get("order_id").s()));
        }
        return ids;
    }
}
