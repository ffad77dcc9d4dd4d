package io.sfnetl.etl.lambda.internal;

import io.sfnetl.etl.job.RunHeartbeat;
import io.sfnetl.etl.log.JsonLog;
import io.sfnetl.etl.log.Metrics;
import io.sfnetl.etl.log.Metrics.Unit;
import io.sfnetl.etl.stage.Counts;
import io.sfnetl.etl.stage.StageInput;
import io.sfnetl.etl.stage.StageOutput;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the stage handlers do around each invocation besides the stage itself: renew the run's lease
 * ({@link RunHeartbeat}) and emit the invocation's metrics ({@link Metrics}, EMF): this call's rows read, valid,
 * rejected, transformed, loaded, duplicates, bytes (the output counts minus the input counts), its duration and
 * whether it continues. A failing heartbeat (e.g. no access to the jobs table) is logged and never fails the stage.
 * Thread-safe.
 */
public final class StageHooks {
    private static final JsonLog LOG = JsonLog.get(StageHooks.class);
    private final RunHeartbeat heartbeat;

    public StageHooks(RunHeartbeat heartbeat) {
        this.heartbeat = heartbeat;
    }

    /** Runs {@code call} for {@code stage} ("validate", "transform", "load") of the given input. */
    public StageOutput around(String stage, StageInput in, Supplier<StageOutput> call) {
        String dataset = beat(in.run());
        long start = System.nanoTime();
        StageOutput out;
        try {
            out = call.get();
        } catch (RuntimeException | Error e) {
            Metrics.of(dataset, stage).put("Failures", Unit.COUNT, 1)
                    .put("DurationMillis", Unit.MILLISECONDS, (System.nanoTime() - start) / 1_000_000)
                    .property("run", in.run()).property("chunk", in.chunk())
                    .property("error", e.getClass().getName()).emit();
            throw e;
        }
        Counts before = Counts.orZero(in.counts());
        Counts after = Counts.orZero(out.counts());
        Metrics.of(dataset, stage)
                .put("RowsRead", Unit.COUNT, after.read() - before.read())
                .put("RowsValid", Unit.COUNT, after.valid() - before.valid())
                .put("RowsRejected", Unit.COUNT, after.rejected() - before.rejected())
                .put("RowsTransformed", Unit.COUNT, after.transformed() - before.transformed())
                .put("RowsLoaded", Unit.COUNT, after.loaded() - before.loaded())
                .put("Duplicates", Unit.COUNT, after.duplicates() - before.duplicates())
                .put("Bytes", Unit.BYTES, after.bytes() - before.bytes())
                .put("Continuations", Unit.COUNT, out.done() ? 0 : 1)
                .put("DurationMillis", Unit.MILLISECONDS, (System.nanoTime() - start) / 1_000_000)
                .property("run", in.run()).property("chunk", in.chunk())
                .emit();
        stageTime(in.run(), stage, (System.nanoTime() - start) / 1_000_000);
        return out;
    }

    private void stageTime(String run, String stage, long millis) {
        if (run == null || run.isBlank()) {
            return;
        }
        try {
            heartbeat.addStageTime(run, stage, millis);
        } catch (RuntimeException e) {
            LOG.warn("stage time not recorded", Map.of("run", run, "stage", stage, "error", String.valueOf(e.getMessage())));
        }
    }

    private String beat(String run) {
        if (run == null || run.isBlank()) {
            return null;
        }
        try {
            return heartbeat.beat(run);
        } catch (RuntimeException e) {
            LOG.warn("lease heartbeat failed", Map.of("run", run, "error", String.valueOf(e.getMessage())));
            return null;
        }
    }
}
