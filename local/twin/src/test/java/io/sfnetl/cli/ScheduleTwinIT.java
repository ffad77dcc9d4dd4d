package io.sfnetl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code etl local up --schedule} and {@code etl backfill} against the whole twin: the scheduler starts with the twin,
 * and a backfill starts the real ETL state machine with the schedule's input, reports the outcome and, run again,
 * starts the next attempt of a failed time (the twin's bucket holds no nightly source here, so Prepare fails).
 */
class ScheduleTwinIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    @TempDir
    static Path dir;
    private static LocalUp up;

    @BeforeAll
    static void localUp() throws Exception {
        System.setProperty("etl.home", ROOT.toString());
        up = LocalUp.start(dir, "--schedule");
    }

    @AfterAll
    static void localDown() throws Exception {
        assertThat(up.stop()).as("etl local up exits 0 when stopped").isZero();
    }

    @Test
    void localUpSchedule_thenBackfill_startsTheEtlStateMachineOncePerScheduledTime() throws Exception {
        Path state = dir.resolve("schedule/nightly.json");
        for (int i = 0; i < 100 && !Files.isRegularFile(state); i++) {
            Thread.sleep(100); // twin.json is published just before local up starts the scheduler
        }
        assertThat(state).as("local up --schedule started the scheduler").isRegularFile();
        assertThat(Files.readString(state)).contains("cron(0 5 * * ? *)");

        CliRun.Result dry = CliRun.run("backfill", "--from", "2026-11-02", "--to", "2026-11-02", "--dry-run",
                "--data-dir", dir.toString());
        assertThat(dry.code()).as(dry.err()).isZero();
        assertThat(JSON.readTree(dry.out()).at("/runs/0/executionName").asText()).isEqualTo("nightly-20261102T0500Z");

        CliRun.Result first = CliRun.run("backfill", "--from", "2026-11-02", "--to", "2026-11-02", "--data-dir",
                dir.toString());
        JsonNode summary = JSON.readTree(first.out());
        assertThat(first.code()).as("no nightly source in the twin: the run fails, exit 1; " + first.err()).isEqualTo(1);
        assertThat(summary.path("started").asInt()).isEqualTo(1);
        assertThat(summary.at("/runs/0/status").asText()).isEqualTo("FAILED");
        assertThat(summary.at("/runs/0/input/scheduledTime").asText()).isEqualTo("2026-11-02T05:00:00Z");
        assertThat(first.err()).contains("backfill: 1/1 done (0 succeeded)");

        CliRun.Result again = CliRun.run("backfill", "--from", "2026-11-02", "--to", "2026-11-02", "--dry-run",
                "--data-dir", dir.toString());
        assertThat(JSON.readTree(again.out()).at("/runs/0/executionName").asText())
                .isEqualTo("nightly-20261102T0500Z-2");

        CliRun.Result described = CliRun.run("describe", "nightly-20261102T0500Z", "--data-dir", dir.toString());
        assertThat(described.code()).as(described.err()).isZero();
        assertThat(JSON.readTree(described.out()).path("input").asText()).contains("s3://sfn-etl-data/specs/orders.spec.json");
    }
}
