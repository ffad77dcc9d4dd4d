package io.sfnetl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ScheduleCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    private String oldHome;

    private record Result(int code, String out, String err) {
    }

    @BeforeEach
    void home() {
        oldHome = System.getProperty("etl.home");
        Path p = Path.of("").toAbsolutePath();
        while (!p.resolve("config/pipeline.json").toFile().isFile()) {
            p = p.getParent();
        }
        System.setProperty("etl.home", p.toString());
    }

    @AfterEach
    void restore() {
        if (oldHome == null) {
            System.clearProperty("etl.home");
        } else {
            System.setProperty("etl.home", oldHome);
        }
    }

    private static Result etl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Etl.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void schedule_nextN_listsFireTimesWithNameAndInput() throws Exception {
        Result r = etl("schedule", "--next", "3", "--data-dir", dir.toString());

        assertThat(r.code()).isZero();
        JsonNode runs = JSON.readTree(r.out());
        assertThat(runs).hasSize(3);
        for (JsonNode run : runs) {
            assertThat(run.path("executionName").asText()).startsWith("nightly-");
            assertThat(run.path("timeZone").asText()).isEqualTo("Europe/London");
            assertThat(run.at("/input/scheduledTime").asText()).isEqualTo(run.path("scheduledTime").asText());
            assertThat(run.at("/input/dataset").asText()).isEqualTo("s3://sfn-etl-data/specs/orders.spec.json");
        }
    }

    @Test
    void scheduleNext_afterSpringForward_showsLocalAndUtc() throws Exception {
        Result r = etl("schedule", "next", "--count", "2", "--after", "2026-03-28T12:00:00Z", "--data-dir", dir.toString());

        assertThat(r.code()).isZero();
        JsonNode runs = JSON.readTree(r.out());
        assertThat(runs.get(0).path("localTime").asText()).isEqualTo("2026-03-29T05:00+01:00");
        assertThat(runs.get(0).path("scheduledTime").asText()).isEqualTo("2026-03-29T04:00:00Z");
        assertThat(runs.get(0).path("executionName").asText()).isEqualTo("nightly-20260329T0400Z");
        assertThat(runs.get(1).path("scheduledTime").asText()).isEqualTo("2026-03-30T04:00:00Z");
    }

    @Test
    void scheduleShow_printsTheConfiguredSchedule() throws Exception {
        Result r = etl("schedule", "show", "--data-dir", dir.toString());

        assertThat(r.code()).isZero();
        JsonNode s = JSON.readTree(r.out());
        assertThat(s.path("expression").asText()).isEqualTo("cron(0 5 * * ? *)");
        assertThat(s.path("catchUp").asText()).isEqualTo("none");
        assertThat(s.at("/next/executionName").asText()).startsWith("nightly-");
    }

    @Test
    void backfill_badDate_exits2WithTheFormat() {
        Result r = etl("backfill", "--from", "2026-11-01", "--to", "1 Nov");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--to '1 Nov' is not a date; use yyyy-mm-dd");
    }

    @Test
    void scheduleRun_aws_exits2PointingToBackfill() {
        Result r = etl("schedule", "run", "--aws");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("EventBridge Scheduler fires the schedule").contains("etl backfill --aws");
    }

    @Test
    void backfill_noTwinRunning_exits2SayingHowToStartIt() {
        Result r = etl("schedule", "backfill", "--from", "2026-11-01", "--to", "2026-11-02", "--data-dir",
                dir.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no local twin is running").contains("etl local up");
    }
}
