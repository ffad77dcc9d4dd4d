package io.sfnetl.local.schedule;

import static io.sfnetl.local.schedule.ScheduleSettingsTest.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfnetl.local.schedule.LocalScheduler.Fire;
import io.sfnetl.local.schedule.LocalScheduler.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSchedulerTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T12:00:00Z"));
    private final FakeStarter sfn = new FakeStarter(clock);
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<Duration> slept = new ArrayList<>();
    private final ScheduleSettings nightly = settings("cron(0 5 * * ? *)", "Europe/London", "");

    private LocalScheduler scheduler(ScheduleSettings s, CatchUp catchUp) {
        TimeBase time = new TimeBase(clock, d -> {
            slept.add(d);
            clock.advance(d);
        });
        return new LocalScheduler(new LocalScheduler.Options(s, "bucket", dir.resolve("schedule/nightly.json"), time,
                catchUp, log::add), sfn);
    }

    @Test
    void tick_atTheScheduledTime_startsOneExecutionNamedAfterItWithTheRenderedInput() {
        LocalScheduler s = scheduler(nightly, CatchUp.NONE);
        assertThat(s.open()).isEmpty();
        assertThat(s.tick()).isEmpty();

        clock.set(Instant.parse("2026-11-21T05:00:20Z"));
        List<Fire> fired = s.tick();

        assertThat(fired).extracting(Fire::result).containsExactly(Result.STARTED);
        assertThat(sfn.starts).hasSize(1);
        assertThat(sfn.starts.getFirst().name()).isEqualTo("nightly-20261121T0500Z");
        assertThat(sfn.starts.getFirst().input()).contains("\"scheduledTime\":\"2026-11-21T05:00:00Z\"")
                .contains("s3://bucket/specs/orders.spec.json");
        assertThat(fired.getFirst().executionArn()).isEqualTo(FakeStarter.arn("nightly-20261121T0500Z"));
        assertThat(s.tick()).as("a second tick starts nothing").isEmpty();
        assertThat(s.nextInvocation()).contains(Instant.parse("2026-11-22T05:00:00Z"));
        assertThat(log).anyMatch(l -> l.contains("nightly-20261121T0500Z: started"));
    }

    @Test
    void open_afterARestartWithinTheMinute_firesNormallyAndNeverTwice() {
        LocalScheduler first = scheduler(nightly, CatchUp.NONE);
        first.open();
        clock.set(Instant.parse("2026-11-21T05:00:05Z"));
        first.tick();

        clock.set(Instant.parse("2026-11-21T05:00:30Z"));
        LocalScheduler second = scheduler(nightly, CatchUp.ALL);
        assertThat(second.open()).isEmpty();
        assertThat(second.tick()).isEmpty();

        assertThat(sfn.names()).containsExactly("nightly-20261121T0500Z");
    }

    @Test
    void open_executionStartedButStateNotSaved_reportsAlreadyStarted() throws Exception {
        LocalScheduler first = scheduler(nightly, CatchUp.NONE);
        first.open();
        String saved = Files.readString(dir.resolve("schedule/nightly.json"));
        clock.set(Instant.parse("2026-11-21T05:00:05Z"));
        first.tick();
        Files.writeString(dir.resolve("schedule/nightly.json"), saved); // as if the twin died before saving

        LocalScheduler second = scheduler(nightly, CatchUp.NONE);
        second.open();
        List<Fire> fired = second.tick();

        assertThat(fired).extracting(Fire::result).containsExactly(Result.ALREADY_STARTED);
        assertThat(sfn.names()).containsExactly("nightly-20261121T0500Z");
    }

    @Test
    void open_downForThreeNights_catchUpNone_skipsThemAsAwsDoes() {
        scheduler(nightly, CatchUp.NONE).open();
        clock.set(Instant.parse("2026-11-23T12:00:00Z"));

        List<Fire> fires = scheduler(nightly, CatchUp.NONE).open();

        assertThat(fires).extracting(Fire::result).containsExactly(Result.SKIPPED_MISSED, Result.SKIPPED_MISSED,
                Result.SKIPPED_MISSED);
        assertThat(sfn.starts).isEmpty();
        assertThat(log).anyMatch(l -> l.contains("3 fire(s) missed") && l.contains("catch-up: none"));
    }

    @Test
    void open_downForThreeNights_catchUpLatest_startsOnlyTheLast() {
        scheduler(nightly, CatchUp.NONE).open();
        clock.set(Instant.parse("2026-11-23T12:00:00Z"));

        LocalScheduler s = scheduler(nightly, CatchUp.LATEST);
        s.open();
        s.tick();

        assertThat(sfn.names()).containsExactly("nightly-20261123T0500Z");
    }

    @Test
    void open_downForThreeNights_catchUpAll_startsEachOldestFirst() {
        scheduler(nightly, CatchUp.NONE).open();
        clock.set(Instant.parse("2026-11-23T12:00:00Z"));

        scheduler(nightly, CatchUp.ALL).open();
        scheduler(nightly, CatchUp.ALL).open();

        assertThat(sfn.names()).containsExactly("nightly-20261121T0500Z", "nightly-20261122T0500Z",
                "nightly-20261123T0500Z");
    }

    @Test
    void open_scheduleChanged_startsAfreshWithoutCatchUp() {
        scheduler(nightly, CatchUp.NONE).open();
        clock.set(Instant.parse("2026-11-23T12:00:00Z"));

        ScheduleSettings other = settings("cron(0 6 * * ? *)", "Europe/London", "");
        assertThat(scheduler(other, CatchUp.ALL).open()).isEmpty();

        assertThat(sfn.starts).isEmpty();
        assertThat(log).anyMatch(l -> l.contains("the schedule changed"));
    }

    @Test
    void tick_rateSchedule_firsFireAtTheStartThenEveryPeriod() {
        LocalScheduler s = scheduler(settings("rate(10 minutes)", "UTC", ""), CatchUp.NONE);
        s.open();
        assertThat(s.tick()).hasSize(1);
        clock.advance(Duration.ofMinutes(25));
        assertThat(s.tick()).hasSize(2);

        assertThat(sfn.names()).containsExactly("nightly-20261120T1200Z", "nightly-20261120T1210Z",
                "nightly-20261120T1220Z");
    }

    @Test
    void tick_flexibleWindow_waitsForTheInvocationTimeAndKeepsTheScheduledTimeInTheInput() {
        ScheduleSettings s = settings("cron(0 5 * * ? *)", "UTC", "\"flexibleWindowMinutes\":30");
        Instant scheduled = Instant.parse("2026-11-21T05:00:00Z");
        Instant invoke = s.invocationTime(scheduled);
        LocalScheduler scheduler = scheduler(s, CatchUp.NONE);
        scheduler.open();

        clock.set(invoke.minusSeconds(1));
        assertThat(scheduler.tick()).isEmpty();
        clock.set(invoke);
        assertThat(scheduler.tick()).hasSize(1);

        assertThat(sfn.starts.getFirst().input()).contains("2026-11-21T05:00:00Z");
        assertThat(sfn.starts.getFirst().at()).isAfterOrEqualTo(scheduled);
    }

    @Test
    void tick_startFailsTwice_retriesWithBackoffThenStarts() {
        sfn.failures = 2;
        LocalScheduler s = scheduler(nightly, CatchUp.NONE);
        s.open();
        clock.set(Instant.parse("2026-11-21T05:00:00Z"));

        assertThat(s.tick()).extracting(Fire::result).containsExactly(Result.STARTED);
        assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void tick_startKeepsFailing_dropsTheFireAfterTheRetryPolicy() {
        sfn.failures = 100;
        ScheduleSettings s = settings("cron(0 5 * * ? *)", "UTC", "\"retryAttempts\":2");
        LocalScheduler scheduler = scheduler(s, CatchUp.NONE);
        scheduler.open();
        clock.set(Instant.parse("2026-11-21T05:00:00Z"));

        List<Fire> fires = scheduler.tick();

        assertThat(fires).extracting(Fire::result).containsExactly(Result.DROPPED);
        assertThat(fires.getFirst().detail()).contains("Connection refused").contains("dead-letter queue");
        assertThat(sfn.starts).isEmpty();
        assertThat(scheduler.tick()).as("a dropped fire is not retried forever").isEmpty();
    }

    @Test
    void tick_atSchedule_firesOnceThenHasNoneLeft() {
        LocalScheduler s = scheduler(settings("at(2026-11-21T09:30:00)", "Europe/London", ""), CatchUp.NONE);
        s.open();
        clock.set(Instant.parse("2026-11-21T10:00:00Z"));

        assertThat(s.tick()).hasSize(1);
        assertThat(s.nextInvocation()).isEmpty();
    }

    @Test
    void tick_beforeOpen_saysToOpen() {
        assertThatThrownBy(() -> scheduler(nightly, CatchUp.NONE).tick())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("open()");
    }

    @Test
    void start_scaledTime_rateOneMinuteFiresEverySecondOfRealTimeUntilClosed() throws Exception {
        FakeStarter real = new FakeStarter(java.time.Clock.systemUTC());
        TimeBase fast = TimeBase.scaled(Instant.parse("2026-11-20T12:00:30Z"), 120);
        LocalScheduler s = new LocalScheduler(new LocalScheduler.Options(settings("rate(1 minute)", "UTC", ""),
                "bucket", dir.resolve("fast.json"), fast, CatchUp.NONE, log::add), real);

        s.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (real.names().size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        s.close();
        int after = real.names().size();
        Thread.sleep(1200);

        assertThat(real.names()).hasSizeGreaterThanOrEqualTo(3).startsWith("nightly-20261120T1200Z",
                "nightly-20261120T1201Z", "nightly-20261120T1202Z");
        assertThat(real.names()).as("nothing fires after close").hasSize(after);
    }

    @Test
    void startForTwin_enabledSchedule_runsUntilClosed_disabled_doesNothing() throws Exception {
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve("config"));
        String config = Files.readString(ScheduleSettingsTest.REPO.resolve("config/pipeline.json"));
        Files.writeString(home.resolve("config/pipeline.json"), config);

        java.util.Optional<LocalScheduler> running = LocalScheduler.startForTwin(home, null, sfn, "bucket", log::add);
        assertThat(running).isPresent();
        running.get().close();
        assertThat(home.resolve(".etl/schedule/nightly.json")).isRegularFile();

        Files.writeString(home.resolve("config/pipeline.json"), config.replace("\"enabled\": true", "\"enabled\": false"));
        assertThat(LocalScheduler.startForTwin(home, null, sfn, "bucket", log::add)).isEmpty();
        assertThat(log).anyMatch(l -> l.contains("disabled"));
    }
}
