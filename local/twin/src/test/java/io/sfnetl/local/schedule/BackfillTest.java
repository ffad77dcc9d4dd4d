package io.sfnetl.local.schedule;

import static io.sfnetl.local.schedule.ScheduleSettingsTest.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfnetl.local.schedule.Backfill.Action;
import io.sfnetl.local.schedule.Backfill.Item;
import io.sfnetl.local.schedule.Backfill.Summary;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class BackfillTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    private final FakeStarter sfn = new FakeStarter(clock);
    private final List<String> progress = new CopyOnWriteArrayList<>();
    private final ScheduleSettings nightly = settings("cron(0 5 * * ? *)", "Europe/London", "");

    private Backfill.Options options(String from, String to, int concurrency, boolean dryRun) {
        ZoneId z = nightly.timeZone();
        return new Backfill.Options(nightly, "bucket", LocalDate.parse(from).atStartOfDay(z).toInstant(),
                LocalDate.parse(to).plusDays(1).atStartOfDay(z).toInstant(), Instant.EPOCH, concurrency, dryRun,
                Duration.ofMillis(1));
    }

    @Test
    void run_range_oneExecutionPerScheduledTimeWithItsInput() throws Exception {
        Summary s = Backfill.run(options("2026-10-24", "2026-10-26", 2, false), sfn, progress::add);

        assertThat(sfn.names()).containsExactlyInAnyOrder("nightly-20261024T0400Z", "nightly-20261025T0500Z",
                "nightly-20261026T0500Z");
        assertThat(sfn.starts).filteredOn(st -> st.name().equals("nightly-20261025T0500Z")).singleElement()
                .satisfies(st -> assertThat(st.input()).contains("\"scheduledTime\":\"2026-10-25T05:00:00Z\""));
        assertThat(s.planned()).isEqualTo(3);
        assertThat(s.started()).isEqualTo(3);
        assertThat(s.succeeded()).isEqualTo(3);
        assertThat(s.items()).extracting(Item::status).containsOnly("SUCCEEDED");
        assertThat(progress).hasSize(3).last().asString().contains("3/3 done (3 succeeded)");
    }

    @Test
    void run_twice_secondRunStartsNothing() throws Exception {
        Backfill.run(options("2026-11-01", "2026-11-07", 3, false), sfn, progress::add);
        int before = sfn.starts.size();

        Summary again = Backfill.run(options("2026-11-01", "2026-11-07", 3, false), sfn, progress::add);

        assertThat(before).isEqualTo(7);
        assertThat(sfn.starts).hasSize(7);
        assertThat(again.skipped()).isEqualTo(7);
        assertThat(again.started()).isZero();
        assertThat(again.items()).extracting(Item::detail).containsOnly("already succeeded");
    }

    @Test
    void run_failedBefore_startsTheNextAttemptName() throws Exception {
        sfn.outcome = name -> name.equals("nightly-20261102T0500Z") ? "FAILED" : "SUCCEEDED";
        Summary first = Backfill.run(options("2026-11-01", "2026-11-03", 1, false), sfn, progress::add);
        sfn.outcome = name -> "SUCCEEDED";

        Summary second = Backfill.run(options("2026-11-01", "2026-11-03", 1, false), sfn, progress::add);

        assertThat(first.unsuccessful()).isEqualTo(1);
        assertThat(second.started()).isEqualTo(1);
        assertThat(second.items()).filteredOn(i -> i.action() == Action.START).singleElement()
                .satisfies(i -> assertThat(i.executionName()).isEqualTo("nightly-20261102T0500Z-2"));
        Summary third = Backfill.run(options("2026-11-01", "2026-11-03", 1, false), sfn, progress::add);
        assertThat(third.started()).isZero();
    }

    @Test
    void run_scheduledByEventBridgeWithAGeneratedName_skipsThatTime() throws Exception {
        sfn.existing("3f1c2a9e-aws-generated", "SUCCEEDED",
                "{\"dataset\":\"x\",\"scheduledTime\":\"2026-11-02T05:00:00Z\"}");
        sfn.existing("manual-run", "SUCCEEDED", "{\"dataset\":\"x\"}");

        Summary s = Backfill.run(options("2026-11-01", "2026-11-03", 2, false), sfn, progress::add);

        assertThat(sfn.names()).containsExactlyInAnyOrder("nightly-20261101T0500Z", "nightly-20261103T0500Z");
        assertThat(s.items()).filteredOn(i -> i.action() == Action.SKIP).singleElement()
                .satisfies(i -> assertThat(i.executionName()).isEqualTo("3f1c2a9e-aws-generated"));
    }

    @Test
    void run_stillRunning_skipsIt() throws Exception {
        sfn.existing("nightly-20261101T0500Z", "RUNNING", "{}");

        Summary s = Backfill.run(options("2026-11-01", "2026-11-01", 1, false), sfn, progress::add);

        assertThat(s.items()).singleElement().satisfies(i -> assertThat(i.detail()).isEqualTo("running"));
        assertThat(sfn.starts).isEmpty();
    }

    @Test
    void run_dryRun_plansWithoutStarting() throws Exception {
        Summary s = Backfill.run(options("2026-11-01", "2026-11-30", 4, true), sfn, progress::add);

        assertThat(s.planned()).isEqualTo(30);
        assertThat(s.items()).extracting(Item::action).containsOnly(Action.START);
        assertThat(sfn.starts).isEmpty();
    }

    @Test
    void run_concurrency_neverMoreExecutionsRunningThanAllowed() throws Exception {
        sfn.runningPolls = 3;

        Summary s = Backfill.run(options("2026-11-01", "2026-11-12", 3, false), sfn, progress::add);

        assertThat(s.succeeded()).isEqualTo(12);
        assertThat(sfn.maxRunning.get()).isBetween(2, 3);
    }

    @Test
    void runs_leapDayRange_includesTheTwentyNinth() {
        ZoneId z = nightly.timeZone();
        Backfill.Options o = new Backfill.Options(settings("cron(0 12 L 2 ? *)", "UTC", ""), "b",
                LocalDate.parse("2027-01-01").atStartOfDay(z).toInstant(),
                LocalDate.parse("2029-01-01").atStartOfDay(z).toInstant(), Instant.EPOCH, 1, true, Duration.ZERO);

        assertThat(Backfill.runs(o)).extracting(ScheduledRun::executionName)
                .containsExactly("nightly-20270228T1200Z", "nightly-20280229T1200Z");
    }

    @Test
    void options_toBeforeFrom_saysWhich() {
        assertThatThrownBy(() -> options("2026-11-05", "2026-11-01", 1, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be after --from");
        assertThatThrownBy(() -> options("2026-11-01", "2026-11-05", 0, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--concurrency must be at least 1");
    }
}
