package io.sfnetl.local.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfnetl.local.config.PipelineConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleSettingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Path REPO = findRepo();

    static ScheduleSettings settings(String json) {
        try {
            return ScheduleSettings.from(JSON.readTree(json), "test");
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ScheduleSettings settings(String expression, String zone, String extra) {
        return settings("{\"expression\":\"" + expression + "\",\"timeZone\":\"" + zone + "\"," + extra
                + (extra.isEmpty() ? "" : ",") + "\"input\":{\"dataset\":\"s3://${DataBucket}/specs/orders.spec.json\","
                + "\"scheduledTime\":\"<aws.scheduler.scheduled-time>\"}}");
    }

    @Test
    void from_repositoryConfig_readsTheNightlyScheduleWithTwinDefaults() {
        PipelineConfig config = PipelineConfig.load(REPO.resolve("config/pipeline.json"));

        ScheduleSettings s = ScheduleSettings.from(config.schedule(), "config/pipeline.json");

        assertThat(s.expression().text()).isEqualTo("cron(0 5 * * ? *)");
        assertThat(s.timeZone().getId()).isEqualTo("Europe/London");
        assertThat(s.enabled()).isTrue();
        assertThat(s.catchUp()).isEqualTo(CatchUp.NONE);
        assertThat(s.executionNamePrefix()).isEqualTo("nightly");
        assertThat(s.input().path("scheduledTime").asText()).isEqualTo("<aws.scheduler.scheduled-time>");
    }

    @Test
    void from_everyProblem_reportedTogetherWithItsLocation() {
        assertThatThrownBy(() -> settings("{\"expression\":\"cron(0 5 * * * *)\",\"timeZone\":\"+01:00\","
                + "\"flexibleWindowMinutes\":2000,\"catchUp\":\"some\",\"executionNamePrefix\":\"night ly\","
                + "\"input\":{\"a\":\"${Other}\"}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid schedule in test")
                .hasMessageContaining("/schedule/expression: Invalid Schedule Expression cron(0 5 * * * *). position 14")
                .hasMessageContaining("/schedule/timeZone: '+01:00' is an offset")
                .hasMessageContaining("/schedule/flexibleWindowMinutes: must be an integer in 0..1440, got 2000")
                .hasMessageContaining("/schedule/catchUp: 'some' must be none")
                .hasMessageContaining("/schedule/executionNamePrefix: 'night ly'")
                .hasMessageContaining("unknown placeholder ${Other}");
    }

    @Test
    void from_unknownZone_saysWhatToUse() {
        assertThatThrownBy(() -> settings("cron(0 5 * * ? *)", "Mars/Olympus", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/schedule/timeZone: 'Mars/Olympus' is not a time zone; use an IANA name");
    }

    @Test
    void run_scheduledTime_rendersTheInputAsTheSchedulerDoesAndNamesTheExecution() throws Exception {
        ScheduleSettings s = settings("cron(30 3 * * ? *)", "Europe/London", "");

        ScheduledRun r = s.run(Instant.parse("2026-11-22T03:30:00Z"), "my-bucket");

        assertThat(r.executionName()).isEqualTo("nightly-20261122T0330Z");
        JsonNode input = JSON.readTree(r.input());
        assertThat(input.path("scheduledTime").asText()).isEqualTo("2026-11-22T03:30:00Z");
        assertThat(input.path("dataset").asText()).isEqualTo("s3://my-bucket/specs/orders.spec.json");
        assertThat(r.localTime().toString()).isEqualTo("2026-11-22T03:30Z[Europe/London]");
        assertThat(r.invocationTime()).isEqualTo(r.scheduledTime());
    }

    @Test
    void run_summerTime_nameAndScheduledTimeAreUtc() {
        ScheduleSettings s = settings("cron(0 5 * * ? *)", "Europe/London", "\"executionNamePrefix\":\"orders\"");

        ScheduledRun r = s.upcoming(Instant.parse("2026-07-01T00:00:00Z"), Instant.EPOCH, 1, "b").getFirst();

        assertThat(r.executionName()).isEqualTo("orders-20260701T0400Z");
        assertThat(r.input()).contains("\"scheduledTime\":\"2026-07-01T04:00:00Z\"");
        assertThat(r.localTime().getHour()).isEqualTo(5);
    }

    @Test
    void invocationTime_flexibleWindow_withinTheWindowAndTheSameEveryTime() {
        ScheduleSettings s = settings("rate(1 minute)", "UTC", "\"flexibleWindowMinutes\":15");
        List<Instant> times = s.fires(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T03:00:00Z"),
                Instant.parse("2026-01-01T00:00:00Z"), 1000);

        assertThat(times).hasSize(180).allSatisfy(t -> {
            Duration delay = Duration.between(t, s.invocationTime(t));
            assertThat(delay).isBetween(Duration.ZERO, Duration.ofMinutes(15).minusSeconds(1));
            assertThat(s.invocationTime(t)).isEqualTo(s.invocationTime(t));
        });
        assertThat(times.stream().map(t -> Duration.between(t, s.invocationTime(t))).distinct().count())
                .as("the delays are spread over the window").isGreaterThan(20);
    }

    @Test
    void fires_range_oldestFirstWithinBounds() {
        ScheduleSettings s = settings("cron(0 5 * * ? *)", "Europe/London", "");

        List<Instant> fires = s.fires(Instant.parse("2026-03-27T00:00:00Z"), Instant.parse("2026-03-31T00:00:00Z"),
                Instant.EPOCH, 100);

        assertThat(fires).containsExactly(Instant.parse("2026-03-27T05:00:00Z"), Instant.parse("2026-03-28T05:00:00Z"),
                Instant.parse("2026-03-29T04:00:00Z"), Instant.parse("2026-03-30T04:00:00Z"));
    }

    @Test
    void catchUp_of_unknownPolicy_listsTheKnownOnes() {
        assertThatThrownBy(() -> CatchUp.of("sometimes")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'sometimes' is not one of none, latest, all");
        assertThat(CatchUp.of(" Latest ")).isEqualTo(CatchUp.LATEST);
    }

    private static Path findRepo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !p.resolve("config/pipeline.json").toFile().isFile()) {
            p = p.getParent();
        }
        return p;
    }
}
