package io.sfnetl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.local.services.LocalServices;
import io.sfnetl.samples.OrdersGenerator;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability (docs/durability.md): a twin running a multi-chunk job on disk is killed with SIGKILL in the middle of its
 * Distributed Map; {@code etl start --resume} on the same data directory finishes the execution with exact counts and
 * no row loaded twice.
 */
@Tag("slow")
class ResumeAfterKillIT {
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    // The 20k-row job on disk (~40 s on a quiet 2-core machine; minutes on a loaded one):
    // -Dresume.rows=6000 for a quicker local run.
    private static final int ROWS = Integer.getInteger("resume.rows", 20_000);

    @BeforeAll
    static void home() {
        System.setProperty("etl.home", ROOT.toString());
    }

    @Test
    void startResume_afterSigkillMidMap_finishesWithExactCountsAndNoDuplicates(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("orders.csv");
        try (Writer w = Files.newBufferedWriter(csv)) {
            OrdersGenerator.write(new OrdersGenerator.Options(ROWS, 0.03, 0, 21, false), w);
        }
        Files.copy(ROOT.resolve("samples/orders/orders.spec.json"), dir.resolve("orders.spec.json"));
        Path input = dir.resolve("input.json");
        long chunkBytes = Files.size(csv) / 4 + 1;
        Files.writeString(input, "{\"dataset\": \"orders.spec.json\", \"source\": \"orders.csv\", \"maxRejectPercent\": 10,"
                + " \"chunkBytes\": " + chunkBytes + ", \"maxConcurrency\": 2}");
        Path data = dir.resolve("data");
        Path journal = data.resolve("journal").resolve(URLEncoder.encode("sfn-etl:kill-run", StandardCharsets.UTF_8) + ".jsonl");
        // (the twin deploys the ETL state machine as "sfn-etl": the journal file is named after it and the execution)

        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Detl.home=" + ROOT, "-Xmx768m",
                Etl.class.getName(), "start", "--input", input.toString(), "--data-dir", data.toString(),
                "--name", "kill-run", "--lambda-timeout-scale", "0.05"));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        int endedChunks = 0;
        try {
            while (System.nanoTime() < deadline && child.isAlive()) {
                endedChunks = endedChildren(journal);
                if (endedChunks >= 1) {
                    break;
                }
                Thread.sleep(100);
            }
        } finally {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        String listing;
        try (var files = Files.list(data.resolve("journal"))) {
            listing = files.map(p -> p.getFileName().toString()).toList().toString();
        }
        assertThat(endedChunks).as("killed after a chunk ended, while the job ran; journal %s; child log:%n%s",
                listing, Files.readString(dir.resolve("child.log"))).isGreaterThanOrEqualTo(1);
        assertThat(rootEnded(journal)).as("the job was still running when killed").isFalse();

        StartCommandIT.Result r = StartCommandIT.start("start", "--resume", "--data-dir", data.toString(),
                "--lambda-timeout-scale", "0.05");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains("resuming kill-run");
        JsonNode c = r.output().path("counts");
        assertThat(c.path("read").asLong()).isEqualTo(ROWS);
        assertThat(c.path("read").asLong()).isEqualTo(
                c.path("loaded").asLong() + c.path("rejected").asLong() + c.path("duplicates").asLong());
        try (LocalServices services = LocalServices.start(new LocalServices.Options(data, true))) {
            long items = services.dynamoDbClient().scanPaginator(b -> b.tableName("orders")).stream()
                    .mapToLong(p -> p.count()).sum();
            assertThat(items).as("every loaded row is one item (the input has no duplicate keys): none lost, none twice")
                    .isEqualTo(c.path("loaded").asLong());
        }
        long childStarts = Files.readAllLines(journal).stream()
                .filter(l -> l.startsWith("{\"k\":\"start\"") && l.contains("\"parent\"")).count();
        assertThat(childStarts).as("one child execution per chunk: none started again after the crash")
                .isEqualTo(r.output().path("chunks").asLong()).isPositive();
    }

    /** Distributed Map children whose journal says SUCCEEDED. */
    private static int endedChildren(Path journal) throws Exception {
        if (!Files.exists(journal)) {
            return 0;
        }
        int n = 0;
        for (String line : Files.readAllLines(journal)) {
            if (line.contains("\"k\":\"end\"") && line.contains("\"status\":\"SUCCEEDED\"") && !line.contains(":kill-run\"")) {
                n++;
            }
        }
        return n;
    }

    private static boolean rootEnded(Path journal) throws Exception {
        return Files.readAllLines(journal).stream().anyMatch(l -> l.contains("\"k\":\"end\"") && l.contains(":kill-run\""));
    }
}
