package io.sfnetl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfnetl.local.services.LocalServices;
import io.sfnetl.samples.OrdersGenerator;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@code --chaos}: injected Lambda service errors are retried by the definition and the table ends up the same. */
class ChaosIT {
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    @BeforeAll
    static void home() {
        System.setProperty("etl.home", ROOT.toString());
    }

    @Test
    void start_withChaos_sameTableContentsAsWithout(@TempDir Path dir) throws Exception {
        try (Writer w = Files.newBufferedWriter(dir.resolve("orders.csv"))) {
            OrdersGenerator.write(new OrdersGenerator.Options(400, 0.03, 0, 5, false), w);
        }
        Files.copy(ROOT.resolve("samples/orders/orders.spec.json"), dir.resolve("orders.spec.json"));
        Path input = dir.resolve("input.json");
        Files.writeString(input, "{\"dataset\": \"orders.spec.json\", \"source\": \"orders.csv\", \"maxRejectPercent\": 10,"
                + " \"chunkBytes\": " + (Files.size(dir.resolve("orders.csv")) / 3 + 1) + "}");

        StartCommandIT.Result plain = StartCommandIT.start("start", "--input", input.toString(), "--data-dir",
                dir.resolve("plain").toString(), "--name", "plain");
        StartCommandIT.Result chaotic = StartCommandIT.start("start", "--input", input.toString(), "--data-dir",
                dir.resolve("chaos").toString(), "--name", "plain", "--wait-time-scale", "0",
                "--chaos", "rate=0.3,errors=Lambda.ServiceException|Lambda.TooManyRequestsException,seed=5");

        assertThat(plain.exitCode()).as(plain.stderr()).isZero();
        assertThat(chaotic.exitCode()).as(chaotic.stderr()).isZero();
        assertThat(chaotic.stderr()).containsPattern("chaos +[1-9][0-9]* of [0-9]+ Lambda invocations failed by --chaos");
        assertThat(chaotic.output().path("counts")).isEqualTo(plain.output().path("counts"));
        List<String> a = items(dir.resolve("plain"));
        assertThat(a).hasSize(plain.output().path("counts").path("loaded").asInt());
        assertThat(items(dir.resolve("chaos"))).containsExactlyElementsOf(a);
    }

    @Test
    void start_badChaosSpec_exit2NamingTheProblem() throws Exception {
        StartCommandIT.Result r = StartCommandIT.start("start", "--input", "{}", "--chaos", "rate=0.1,errors=Lambda.Nope");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("unknown error 'Lambda.Nope'");
    }

    /** The orders table, each item rendered with sorted attributes, sorted. */
    private static List<String> items(Path data) {
        try (LocalServices services = LocalServices.start(new LocalServices.Options(data, true))) {
            return services.dynamoDbClient().scanPaginator(b -> b.tableName("orders")).items().stream()
                    .map(item -> new TreeMap<String, AttributeValue>(item).toString()).sorted().toList();
        }
    }
}
