package io.sfnetl.local.api.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.Execution;
import io.sfnetl.asl.ExecutionListener;
import io.sfnetl.asl.HistoryEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Map runs reconstructed from the engine's events (the engine does not expose them): a parent's
 * {@code MapRunStarted} opens a run, the child executions it then starts (same parent, state machine
 * {@code <parent machine>/<label>}) belong to it, and the parent's next {@code MapRunSucceeded/Failed/Aborted} closes
 * it. Thread-safe. Limitation: two Distributed Maps of one parent running at the same time (in Parallel branches)
 * with the same label cannot be told apart, and MaxConcurrency / tolerated failure settings are not known (reported
 * as 0).
 */
public final class MapRuns implements ExecutionListener {
    /** One map run and its child executions. */
    public static final class MapRun {
        final String arn;
        final String executionArn;
        final String stateMachineArn;
        final Instant startDate;
        final int total;
        final List<Execution> children = new CopyOnWriteArrayList<>();
        volatile String status = "RUNNING";
        volatile Instant stopDate;
        volatile int redriveCount;
        volatile Instant redriveDate;

        MapRun(String arn, String executionArn, String stateMachineArn, Instant startDate, int total) {
            this.arn = arn;
            this.executionArn = executionArn;
            this.stateMachineArn = stateMachineArn;
            this.startDate = startDate;
            this.total = total;
        }

        public String arn() {
            return arn;
        }

        public String executionArn() {
            return executionArn;
        }

        public List<Execution> children() {
            return List.copyOf(children);
        }

        /** ListMapRuns' item. */
        public ObjectNode listItem() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("executionArn", executionArn);
            o.put("mapRunArn", arn);
            o.put("stateMachineArn", stateMachineArn);
            Wire.date(o, "startDate", startDate);
            Wire.date(o, "stopDate", stopDate);
            return o;
        }

        /** DescribeMapRun's answer. */
        public ObjectNode describe() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("mapRunArn", arn);
            o.put("executionArn", executionArn);
            o.put("status", status);
            Wire.date(o, "startDate", startDate);
            Wire.date(o, "stopDate", stopDate);
            o.put("maxConcurrency", 0);
            o.put("toleratedFailurePercentage", 0.0);
            o.put("toleratedFailureCount", 0);
            ObjectNode counts = counts();
            o.set("itemCounts", counts);
            o.set("executionCounts", counts.deepCopy());
            o.put("redriveCount", redriveCount);
            Wire.date(o, "redriveDate", redriveDate);
            return o;
        }

        private ObjectNode counts() {
            long running = 0, succeeded = 0, failed = 0, timedOut = 0, aborted = 0;
            for (Execution e : children) {
                switch (e.status()) {
                    case RUNNING -> running++;
                    case SUCCEEDED -> succeeded++;
                    case FAILED -> failed++;
                    case TIMED_OUT -> timedOut++;
                    case ABORTED -> aborted++;
                }
            }
            ObjectNode c = JsonNodeFactory.instance.objectNode();
            long launched = children.size();
            c.put("pending", "RUNNING".equals(status) ? Math.max(0, total - launched) : 0);
            c.put("running", running);
            c.put("succeeded", succeeded);
            c.put("failed", failed);
            c.put("timedOut", timedOut);
            c.put("aborted", aborted);
            c.put("total", Math.max(total, launched));
            c.put("resultsWritten", "RUNNING".equals(status) ? 0 : launched - running);
            c.put("failuresNotRedrivable", 0);
            c.put("pendingRedrive", 0);
            return c;
        }
    }

    private final Map<String, MapRun> byArn = new ConcurrentHashMap<>();
    private final Map<String, List<MapRun>> byExecution = new ConcurrentHashMap<>();
    private final Map<String, Integer> lastLength = new ConcurrentHashMap<>();
    private final Map<String, String> childToRun = new ConcurrentHashMap<>();
    private final Consumer<Execution> onChild;

    /** @param onChild called once for each Distributed Map child execution when it starts */
    public MapRuns(Consumer<Execution> onChild) {
        this.onChild = onChild;
    }

    @Override
    public void onEvent(Execution execution, HistoryEvent event) {
        String arn = execution.executionArn();
        switch (event.type()) {
            case "MapStateStarted" -> lastLength.put(arn, event.details() == null ? 0 : event.details().path("length").asInt());
            case "MapRunStarted" -> {
                String runArn = event.details().path("mapRunArn").asText();
                // mapRun:<machine>/<label>:<id> -> stateMachine:<machine>/<label>
                String path = runArn.substring(runArn.indexOf(":mapRun:") + 8, runArn.lastIndexOf(':'));
                String machineArn = runArn.substring(0, runArn.indexOf(":mapRun:")) + ":stateMachine:" + path;
                MapRun run = new MapRun(runArn, arn, machineArn, event.timestamp(), lastLength.getOrDefault(arn, 0));
                byArn.put(runArn, run);
                byExecution.computeIfAbsent(arn, k -> new CopyOnWriteArrayList<>()).add(run);
            }
            case "MapRunRedriven" -> get(event.details().path("mapRunArn").asText()).ifPresent(run -> {
                run.status = "RUNNING";
                run.stopDate = null;
                run.redriveCount = event.details().path("redriveCount").asInt(run.redriveCount + 1);
                run.redriveDate = event.timestamp();
            });
            case "MapRunSucceeded", "MapRunFailed", "MapRunAborted" -> latestRunning(arn, null).ifPresent(run -> {
                run.status = switch (event.type()) {
                    case "MapRunSucceeded" -> "SUCCEEDED";
                    case "MapRunFailed" -> "FAILED";
                    default -> "ABORTED";
                };
                run.stopDate = event.timestamp();
            });
            case "ExecutionStarted" -> {
                String parent = execution.parentArn();
                if (parent != null) {
                    latestRunning(parent, execution.stateMachineArn()).ifPresent(run -> {
                        run.children.removeIf(c -> c.executionArn().equals(arn));
                        run.children.add(execution);
                        childToRun.put(arn, run.arn);
                    });
                    onChild.accept(execution);
                }
            }
            default -> {
            }
        }
    }

    private Optional<MapRun> latestRunning(String executionArn, String childMachineArn) {
        List<MapRun> runs = byExecution.getOrDefault(executionArn, List.of());
        for (int i = runs.size() - 1; i >= 0; i--) {
            MapRun r = runs.get(i);
            if ("RUNNING".equals(r.status) && (childMachineArn == null || r.stateMachineArn.equals(childMachineArn))) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    public Optional<MapRun> get(String mapRunArn) {
        return Optional.ofNullable(byArn.get(mapRunArn));
    }

    /** The map runs of an execution, oldest first. */
    public List<MapRun> of(String executionArn) {
        return new ArrayList<>(byExecution.getOrDefault(executionArn, List.of()));
    }

    /** The map run a child execution belongs to, or null. */
    public String runOf(String childExecutionArn) {
        return childToRun.get(childExecutionArn);
    }
}
