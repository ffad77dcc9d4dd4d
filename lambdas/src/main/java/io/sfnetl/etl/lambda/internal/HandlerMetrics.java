package io.sfnetl.etl.lambda.internal;

import io.sfnetl.etl.job.FailedRun;
import io.sfnetl.etl.job.FinalizeOutput;
import io.sfnetl.etl.job.JobStore;
import io.sfnetl.etl.job.PrepareOutput;
import io.sfnetl.etl.log.Metrics;
import io.sfnetl.etl.log.Metrics.Unit;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The EMF metric lines of Prepare, Finalize and MarkJobFailed (the stages': {@link StageHooks}). Dimensions
 * {@code dataset} and {@code stage} ({@code prepare}, {@code finalize}, {@code markJobFailed}).
 */
public final class HandlerMetrics {
    private HandlerMetrics() {
    }

    /** Runs Prepare and emits Objects, Bytes, Chunks, Continuations, DurationMillis (or Failures). */
    public static PrepareOutput prepare(Supplier<PrepareOutput> call) {
        long start = System.nanoTime();
        PrepareOutput out;
        try {
            out = call.get();
        } catch (RuntimeException e) {
            failed(null, "prepare", null, e, start);
            throw e;
        }
        Metrics m = Metrics.of(out.dataset(), "prepare").property("run", out.run());
        if (out.done()) {
            m.put("Objects", Unit.COUNT, out.objects()).put("Bytes", Unit.BYTES, out.bytes())
                    .put("Chunks", Unit.COUNT, out.chunks());
        }
        m.put("Continuations", Unit.COUNT, out.done() ? 0 : 1).put("DurationMillis", Unit.MILLISECONDS, millis(start))
                .emit();
        return out;
    }

    /**
     * Runs Finalize and emits the run's totals, RejectPercent, FailedChunks, RunsSucceeded; or RunsFailed when a
     * check fails (dataset from the job record).
     */
    public static FinalizeOutput finalize(String run, JobStore jobs, Supplier<FinalizeOutput> call) {
        long start = System.nanoTime();
        FinalizeOutput out;
        try {
            out = call.get();
        } catch (RuntimeException e) {
            failed(dataset(jobs, run), "finalize", run, e, start);
            throw e;
        }
        Metrics.of(out.dataset(), "finalize").property("run", out.run())
                .put("RowsRead", Unit.COUNT, out.counts().read())
                .put("RowsRejected", Unit.COUNT, out.counts().rejected())
                .put("RowsLoaded", Unit.COUNT, out.counts().loaded())
                .put("Duplicates", Unit.COUNT, out.counts().duplicates())
                .put("Bytes", Unit.BYTES, out.counts().bytes())
                .put("Continuations", Unit.COUNT, out.counts().continuations())
                .put("RejectPercent", Unit.PERCENT, out.rejectPercent())
                .put("FailedChunks", Unit.COUNT, out.failedChunks() == null ? 0 : out.failedChunks().size())
                .put("RunsSucceeded", Unit.COUNT, 1)
                .put("DurationMillis", Unit.MILLISECONDS, millis(start))
                .emit();
        return out;
    }

    /** Emits RunsFailed for a run MarkJobFailed recorded. */
    public static void markedFailed(FailedRun failed, JobStore jobs) {
        Metrics.of(dataset(jobs, failed.run()), "markJobFailed").property("run", failed.run())
                .property("status", failed.status()).property("error", failed.error())
                .put("RunsFailed", Unit.COUNT, 1).emit();
    }

    private static void failed(String dataset, String stage, String run, RuntimeException e, long start) {
        Metrics.of(dataset, stage).property("run", run).property("error", e.getClass().getName())
                .put("Failures", Unit.COUNT, 1).put("DurationMillis", Unit.MILLISECONDS, millis(start)).emit();
    }

    private static String dataset(JobStore jobs, String run) {
        try {
            Map<String, AttributeValue> item = jobs.get(run);
            AttributeValue d = item == null ? null : item.get("dataset");
            return d == null ? null : d.s();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
