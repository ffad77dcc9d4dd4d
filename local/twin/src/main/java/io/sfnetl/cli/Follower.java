package io.sfnetl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfnetl.local.twin.Progress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.MapRunListItem;

/**
 * Follows an ETL execution to its end through the Step Functions API only (the twin or AWS alike): DescribeExecution
 * for the status, the newest history events for the current state, the map run for chunk counts, and the succeeded
 * chunks' outputs for the rows loaded. Feeds a {@link Progress} line.
 */
final class Follower {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SfnClient sfn;
    private final String executionArn;
    private final Progress progress;
    private final Duration poll;
    private final Map<String, Long> loadedByChunk = new HashMap<>();
    private String state = "starting";
    private String firstChildFailure;
    private long lastChildScanNanos;

    Follower(SfnClient sfn, String executionArn, Progress progress, Duration poll) {
        this.sfn = sfn;
        this.executionArn = executionArn;
        this.progress = progress;
        this.poll = poll;
    }

    /** Polls until the execution is no longer RUNNING; returns its final DescribeExecution. */
    DescribeExecutionResponse follow() throws InterruptedException {
        while (true) {
            DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(executionArn));
            boolean done = d.status() != ExecutionStatus.RUNNING;
            observe(done);
            if (done) {
                progress.finish();
                return d;
            }
            progress.tick();
            Thread.sleep(poll.toMillis());
        }
    }

    /** The first failed chunk as {@code <name>: <error>: <cause>}, or null. */
    String firstChildFailure() {
        return firstChildFailure;
    }

    private void observe(boolean last) {
        List<HistoryEvent> newest = sfn.getExecutionHistory(b -> b.executionArn(executionArn).reverseOrder(true)
                .maxResults(25).includeExecutionData(false)).events();
        for (HistoryEvent e : newest) {
            if (e.stateEnteredEventDetails() != null) {
                state = e.stateEnteredEventDetails().name();
                break;
            }
        }
        List<MapRunListItem> runs = sfn.listMapRuns(b -> b.executionArn(executionArn)).mapRuns();
        if (runs.isEmpty()) {
            progress.update(new Progress.Snapshot(state, -1, 0, 0, 0, 0));
            return;
        }
        String mapRunArn = runs.get(runs.size() - 1).mapRunArn();
        DescribeMapRunResponse run = sfn.describeMapRun(b -> b.mapRunArn(mapRunArn));
        var c = run.executionCounts();
        long failed = c.failed() + c.timedOut() + c.aborted();
        // reading every finished chunk's output costs one call per chunk: at most every 2 s (and at the end)
        if (last || System.nanoTime() - lastChildScanNanos > 2_000_000_000L) {
            lastChildScanNanos = System.nanoTime();
            scanChildren(mapRunArn, failed > 0);
        }
        long loaded = loadedByChunk.values().stream().mapToLong(Long::longValue).sum();
        progress.update(new Progress.Snapshot(state, run.itemCounts().total(), c.succeeded(), failed, c.running(),
                loaded));
    }

    private void scanChildren(String mapRunArn, boolean anyFailed) {
        for (ExecutionListItem child : sfn.listExecutionsPaginator(b -> b.mapRunArn(mapRunArn)
                .statusFilter(ExecutionStatus.SUCCEEDED).maxResults(1000)).executions()) {
            loadedByChunk.computeIfAbsent(child.executionArn(), arn -> {
                String out = sfn.describeExecution(b -> b.executionArn(arn)).output();
                return parse(out).path("counts").path("loaded").asLong(0);
            });
        }
        if (anyFailed && firstChildFailure == null) {
            for (ExecutionStatus s : List.of(ExecutionStatus.FAILED, ExecutionStatus.TIMED_OUT, ExecutionStatus.ABORTED)) {
                var failed = sfn.listExecutions(b -> b.mapRunArn(mapRunArn).statusFilter(s).maxResults(1)).executions();
                if (!failed.isEmpty()) {
                    var d = sfn.describeExecution(b -> b.executionArn(failed.get(0).executionArn()));
                    firstChildFailure = d.name() + ": " + d.error() + ": "
                            + (d.cause() == null ? "" : Summary.readableCause(d.cause()));
                    break;
                }
            }
        }
    }

    private static JsonNode parse(String s) {
        try {
            return s == null ? JSON.missingNode() : JSON.readTree(s);
        } catch (Exception e) {
            return JSON.missingNode();
        }
    }
}
