package io.sfnetl.local.schedule;

import static io.sfnetl.local.schedule.ScheduleSettingsTest.settings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfnetl.asl.Engine;
import io.sfnetl.asl.TaskInvoker;
import io.sfnetl.local.api.StepFunctionsServer;
import io.sfnetl.local.api.StepFunctionsService;
import io.sfnetl.local.schedule.LocalScheduler.Fire;
import io.sfnetl.local.schedule.LocalScheduler.Result;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/**
 * The scheduler and backfill against the real ASL engine behind the twin's Step Functions API, through the AWS SDK's
 * SfnClient (the same code path as with --aws): fast schedules under a time scale, restart and catch-up, backfill
 * idempotence.
 */
class ScheduleIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEFINITION = """
            {"StartAt": "Partition", "States": {"Partition": {"Type": "Pass",
              "Parameters": {"dataset.$": "$.dataset", "scheduledTime.$": "$.scheduledTime"}, "End": true}}}""";

    @TempDir
    Path dir;

    private StepFunctionsServer server;
    private SfnClient sfn;
    private String stateMachineArn;
    private final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startTwinApi() {
        StepFunctionsService service = new StepFunctionsService(new StepFunctionsService.Config(Engine::builder,
                TaskInvoker.unavailable(), null, "us-east-1", "000000000000", null));
        stateMachineArn = service.deploy("etl", DEFINITION, "STANDARD");
        server = StepFunctionsServer.start(service, 0);
        sfn = SfnClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + server.port()))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    @AfterEach
    void stop() {
        sfn.close();
        server.close();
    }

    @Test
    void start_rateOneMinuteAtSixtyTimesSpeed_firesEachMinuteOnceWithItsScheduledTime() throws Exception {
        ExecutionStarter starter = new SfnExecutionStarter(sfn, stateMachineArn);
        Instant origin = Instant.parse("2026-11-22T03:30:00Z");
        LocalScheduler scheduler = new LocalScheduler(new LocalScheduler.Options(settings("rate(1 minute)", "UTC", ""),
                "bucket", dir.resolve("state.json"), TimeBase.scaled(origin, 60), CatchUp.NONE, log::add), starter);

        scheduler.start();
        awaitExecutions(3, Duration.ofSeconds(15));
        scheduler.close();

        List<ExecutionListItem> executions = executions();
        assertThat(executions).extracting(ExecutionListItem::name)
                .contains("nightly-20261122T0330Z", "nightly-20261122T0331Z", "nightly-20261122T0332Z")
                .doesNotHaveDuplicates();
        for (ExecutionListItem e : executions) {
            JsonNode output = awaitOutput(e.executionArn());
            String time = e.name().substring("nightly-".length());
            assertThat(output.path("scheduledTime").asText()).isEqualTo(time.substring(0, 4) + "-"
                    + time.substring(4, 6) + "-" + time.substring(6, 8) + "T" + time.substring(9, 11) + ":"
                    + time.substring(11, 13) + ":00Z");
            assertThat(output.path("dataset").asText()).isEqualTo("s3://bucket/specs/orders.spec.json");
        }
    }

    @Test
    void open_afterDowntime_catchesUpPerPolicyAndNeverStartsAFireTwice() {
        ExecutionStarter starter = new SfnExecutionStarter(sfn, stateMachineArn);
        ScheduleSettings every5 = settings("cron(*/5 * * * ? *)", "Europe/London", "");
        MutableClock clock = new MutableClock(Instant.parse("2026-10-25T00:02:00Z"));
        TimeBase time = new TimeBase(clock, d -> { });
        Path state = dir.resolve("schedule.json");

        LocalScheduler first = new LocalScheduler(new LocalScheduler.Options(every5, "b", state, time, CatchUp.ALL,
                log::add), starter);
        first.open();
        clock.set(Instant.parse("2026-10-25T00:05:10Z"));
        assertThat(first.tick()).extracting(Fire::result).containsExactly(Result.STARTED);

        // down for half an hour
        clock.set(Instant.parse("2026-10-25T00:35:30Z"));
        LocalScheduler second = new LocalScheduler(new LocalScheduler.Options(every5, "b", state, time, CatchUp.ALL,
                log::add), starter);
        List<Fire> caughtUp = second.open();
        List<Fire> ticked = second.tick();

        assertThat(caughtUp).hasSize(5).extracting(Fire::result).containsOnly(Result.STARTED);
        assertThat(ticked).extracting(f -> f.run().executionName()).containsExactly("nightly-20261025T0035Z");

        // a restart right away: nothing is started again
        LocalScheduler third = new LocalScheduler(new LocalScheduler.Options(every5, "b", state, time, CatchUp.ALL,
                log::add), starter);
        assertThat(third.open()).isEmpty();
        assertThat(third.tick()).isEmpty();
        assertThat(executions()).hasSize(7).extracting(ExecutionListItem::name).doesNotHaveDuplicates();

        // the state file lost (say a fresh data dir) and a re-fire of 00:35: Step Functions says it exists
        assertThat(starter.start("nightly-20261025T0035Z", "{}"))
                .isInstanceOf(ExecutionStarter.StartOutcome.AlreadyExists.class);
        assertThat(executions()).hasSize(7);
    }

    @Test
    void backfill_twice_secondRunStartsNothingNew() throws Exception {
        ExecutionStarter starter = new SfnExecutionStarter(sfn, stateMachineArn);
        ScheduleSettings nightly = settings("cron(0 5 * * ? *)", "Europe/London", "");
        ZoneId z = nightly.timeZone();
        Backfill.Options options = new Backfill.Options(nightly, "bucket",
                LocalDate.parse("2026-10-24").atStartOfDay(z).toInstant(),
                LocalDate.parse("2026-10-27").atStartOfDay(z).toInstant(), Instant.EPOCH, 2, false,
                Duration.ofMillis(50));

        Backfill.Summary first = Backfill.run(options, starter, log::add);
        Backfill.Summary second = Backfill.run(options, starter, log::add);

        assertThat(first.started()).isEqualTo(3);
        assertThat(first.succeeded()).isEqualTo(3);
        assertThat(second.started()).isZero();
        assertThat(second.skipped()).isEqualTo(3);
        assertThat(executions()).extracting(ExecutionListItem::name).containsExactlyInAnyOrder(
                "nightly-20261024T0400Z", "nightly-20261025T0500Z", "nightly-20261026T0500Z");
    }

    private List<ExecutionListItem> executions() {
        return sfn.listExecutions(b -> b.stateMachineArn(stateMachineArn).maxResults(1000)).executions();
    }

    private void awaitExecutions(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (executions().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private JsonNode awaitOutput(String executionArn) throws Exception {
        for (int i = 0; i < 100; i++) {
            var d = sfn.describeExecution(b -> b.executionArn(executionArn));
            if (!d.statusAsString().equals("RUNNING")) {
                assertThat(d.statusAsString()).isEqualTo("SUCCEEDED");
                return JSON.readTree(d.output());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("execution " + executionArn + " still running");
    }
}
