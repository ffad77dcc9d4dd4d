package io.sfnetl.etl.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.errors.RunInProgress;
import io.sfnetl.etl.stage.RemainingTime;
import io.sfnetl.etl.storage.Json;
import io.sfnetl.etl.testsupport.EtlFixture;
import io.sfnetl.etl.testsupport.OrdersCsv;
import io.sfnetl.local.services.LocalServices;
import io.sfnetl.local.services.junit.LocalServicesExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalServicesExtension.class)
class RunLeaseIT {
    private static final Duration HOUR = Duration.ofHours(1);

    private EtlFixture fx;
    private MutableClock clock;
    private RunLease lease;

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        volatile Instant now = Instant.parse("2026-11-24T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void setUp(LocalServices services) {
        fx = EtlFixture.create(services);
        clock = new MutableClock();
        lease = new RunLease(fx.dynamo, fx.jobsTable, HOUR, clock);
    }

    @Test
    void acquire_heldByAnotherRun_failsRunInProgressNamingTheHolder() {
        lease.acquire("orders", "s3://b/in/2026-11-23/", "run-a");

        assertThatThrownBy(() -> lease.acquire("orders", "s3://b/in/2026-11-23/", "run-b"))
                .isInstanceOf(RunInProgress.class)
                .hasMessageContaining("Run 'run-b' cannot start")
                .hasMessageContaining("being processed by run 'run-a' (since 2026-11-24T10:00:00Z, lease expires "
                        + "2026-11-24T11:00:00Z");
    }

    @Test
    void acquire_otherSourceOrDataset_bothHoldTheirOwn() {
        lease.acquire("orders", "s3://b/in/2026-11-22/", "backfill-22");
        lease.acquire("orders", "s3://b/in/2026-11-23/", "backfill-23");
        lease.acquire("customers", "s3://b/in/2026-11-23/", "customers-23");

        assertThat(lease.current(RunLease.key("orders", "s3://b/in/2026-11-22/")).orElseThrow().holder())
                .isEqualTo("backfill-22");
        assertThat(lease.current(RunLease.key("orders", "s3://b/in/2026-11-23/")).orElseThrow().holder())
                .isEqualTo("backfill-23");
    }

    @Test
    void acquire_sameRunAgain_keepsItsLease() {
        lease.acquire("orders", "s3://b/in/", "run-a");
        clock.now = clock.now.plusSeconds(600);

        RunLease.Lease again = lease.acquire("orders", "s3://b/in/", "run-a");

        assertThat(again.holder()).isEqualTo("run-a");
        assertThat(again.expiresAt()).isEqualTo(Instant.parse("2026-11-24T11:10:00Z"));
    }

    @Test
    void acquire_holderCrashedAndLeaseExpired_nextRunTakesIt() {
        lease.acquire("orders", "s3://b/in/", "crashed");
        clock.now = clock.now.plus(HOUR).plusSeconds(1);

        lease.acquire("orders", "s3://b/in/", "next");

        assertThat(lease.current(RunLease.key("orders", "s3://b/in/")).orElseThrow().holder()).isEqualTo("next");
    }

    @Test
    void renew_liveRun_pushesExpirySoOthersStayOut() {
        lease.acquire("orders", "s3://b/in/", "live");
        clock.now = clock.now.plus(Duration.ofMinutes(50));
        assertThat(lease.renew(RunLease.key("orders", "s3://b/in/"), "live")).isTrue();
        clock.now = clock.now.plus(Duration.ofMinutes(50));

        assertThatThrownBy(() -> lease.acquire("orders", "s3://b/in/", "other"))
                .isInstanceOf(RunInProgress.class)
                .hasMessageContaining("run 'live'")
                .hasMessageContaining("lease expires 2026-11-24T11:50:00Z");
    }

    @Test
    void renew_heldByAnotherRun_returnsFalseAndLeavesIt() {
        lease.acquire("orders", "s3://b/in/", "holder");

        assertThat(lease.renew(RunLease.key("orders", "s3://b/in/"), "late")).isFalse();
        assertThat(lease.current(RunLease.key("orders", "s3://b/in/")).orElseThrow().holder()).isEqualTo("holder");
    }

    @Test
    void release_onlyByTheHolder_thenTheNextRunStarts() {
        lease.acquire("orders", "s3://b/in/", "first");
        String key = RunLease.key("orders", "s3://b/in/");

        assertThat(lease.release(key, "someone-else")).isFalse();
        assertThat(lease.current(key)).isPresent();
        assertThat(lease.release(key, "first")).isTrue();

        lease.acquire("orders", "s3://b/in/", "second");
        assertThat(lease.current(key).orElseThrow().holder()).isEqualTo("second");
    }

    @Test
    void heartbeat_stageOfALiveRun_renewsTheLeaseFromTheJobRecord() {
        JobRecords records = new JobRecords(fx.s3, fx.dynamo, fx.jobsTable, lease);
        records.start("orders", "s3://b/in/", "live");
        RunHeartbeat heartbeat = new RunHeartbeat(fx.dynamo, fx.jobsTable, lease, clock);
        clock.now = clock.now.plus(Duration.ofMinutes(45));

        assertThat(heartbeat.beat("live")).isEqualTo("orders");

        assertThat(lease.current(RunLease.key("orders", "s3://b/in/")).orElseThrow().expiresAt())
                .isEqualTo(Instant.parse("2026-11-24T11:45:00Z"));
    }

    @Test
    void heartbeat_redrivenRunAfterMarkJobFailedReleasedIt_retakesItsLease() {
        JobRecords records = new JobRecords(fx.s3, fx.dynamo, fx.jobsTable, lease);
        records.start("orders", "s3://b/in/", "redriven");
        records.markFinished("redriven", clock.instant());
        assertThat(lease.current(RunLease.key("orders", "s3://b/in/"))).isEmpty();

        new RunHeartbeat(fx.dynamo, fx.jobsTable, lease, clock).beat("redriven");

        assertThat(lease.current(RunLease.key("orders", "s3://b/in/")).orElseThrow().holder()).isEqualTo("redriven");
        assertThatThrownBy(() -> lease.acquire("orders", "s3://b/in/", "nightly"))
                .isInstanceOf(RunInProgress.class).hasMessageContaining("run 'redriven'");
    }

    @Test
    void heartbeat_runWithoutRecord_returnsNullAndWritesNothing() {
        RunHeartbeat heartbeat = new RunHeartbeat(fx.dynamo, fx.jobsTable, lease, clock);

        assertThat(heartbeat.beat("unknown-run")).isNull();
        assertThat(fx.job("unknown-run")).isEmpty();
    }

    @Test
    void prepare_twoConcurrentRunsOfTheSameDatasetAndSource_exactlyOneStarts() throws Exception {
        String spec = fx.putSpec("orders.spec.json");
        String source = fx.put("incoming/2026-11-23/orders.csv", OrdersCsv.generate(300).bytes());
        Preparer preparer = new Preparer(fx.s3, fx.dynamo, fx.config, new JobRecords(fx.s3, fx.dynamo, fx.jobsTable,
                lease));
        CountDownLatch go = new CountDownLatch(1);
        List<Future<PrepareOutput>> runs = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (String run : List.of("night-a", "night-b")) {
                Callable<PrepareOutput> call = () -> {
                    go.await();
                    return preparer.prepare(input(run, spec, source), "req-" + run, RemainingTime.unlimited());
                };
                runs.add(pool.submit(call));
            }
            go.countDown();
            List<String> won = new ArrayList<>();
            List<Throwable> lost = new ArrayList<>();
            for (Future<PrepareOutput> f : runs) {
                try {
                    won.add(f.get().run());
                } catch (ExecutionException e) {
                    lost.add(e.getCause());
                }
            }

            assertThat(won).hasSize(1);
            assertThat(lost).singleElement().isInstanceOf(RunInProgress.class);
            String loser = won.getFirst().equals("night-a") ? "night-b" : "night-a";
            assertThat(lost.getFirst()).hasMessageContaining("Run '" + loser + "' cannot start: dataset 'orders' "
                    + "from source '" + source + "' is being processed by run '" + won.getFirst() + "'");
            assertThat(fx.job(won.getFirst()).get("lease").s()).isEqualTo(RunLease.key("orders", source));
            assertThat(fx.job(loser)).isEmpty();
        }
    }

    @Test
    void prepare_backfillsOfTwoDays_runSideBySide() {
        String spec = fx.putSpec("orders.spec.json");
        String day1 = fx.put("incoming/2026-11-22/orders.csv", OrdersCsv.generate(50).bytes());
        String day2 = fx.put("incoming/2026-11-23/orders.csv", OrdersCsv.generate(50).bytes());
        Preparer preparer = new Preparer(fx.s3, fx.dynamo, fx.config, new JobRecords(fx.s3, fx.dynamo, fx.jobsTable,
                lease));

        preparer.prepare(input("day-22", spec, day1), "r1", RemainingTime.unlimited());
        preparer.prepare(input("day-23", spec, day2), "r2", RemainingTime.unlimited());

        assertThat(fx.job("day-22").get("status").s()).isEqualTo("RUNNING");
        assertThat(fx.job("day-23").get("status").s()).isEqualTo("RUNNING");
    }

    private static ObjectNode input(String run, String dataset, String source) {
        ObjectNode in = Json.MAPPER.createObjectNode();
        in.put("runId", run);
        in.put("dataset", dataset);
        in.put("source", source);
        return in;
    }
}
