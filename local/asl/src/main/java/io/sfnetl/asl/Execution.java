package io.sfnetl.asl;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.internal.Json;
import io.sfnetl.asl.internal.Run;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running or finished execution: its identity, status, result and history. Thread-safe. Obtain one from
 * {@link Engine#start}; a Distributed Map's child executions are also Executions (see {@link #parentArn()}).
 */
public final class Execution {
    private final Run run;

    /** For the engine's use only. */
    public Execution(Run run) {
        this.run = run;
    }

    Run run() {
        return run;
    }

    public String executionArn() {
        return run.arn();
    }

    public String name() {
        return run.name();
    }

    public String stateMachineArn() {
        return run.stateMachineArn();
    }

    /** The parent execution's ARN for a Distributed Map child, else null. */
    public String parentArn() {
        return run.parent() == null ? null : run.parent().arn();
    }

    /** The input as JSON text. */
    public String input() {
        return Json.write(run.input());
    }

    public ExecutionStatus status() {
        return run.status();
    }

    /** The output as JSON text when SUCCEEDED, else null. */
    public String output() {
        return run.output();
    }

    /** The error name when FAILED, TIMED_OUT or ABORTED (may be null for ABORTED), else null. */
    public String error() {
        return run.error();
    }

    /** The cause when failed, else null. */
    public String cause() {
        return run.cause();
    }

    public Instant startDate() {
        return run.startDate();
    }

    /** When the execution ended, or null while RUNNING. */
    public Instant stopDate() {
        return run.stopDate();
    }

    /** The history so far (a snapshot). */
    public List<HistoryEvent> history() {
        return run.history().events();
    }

    /** How many times the execution was redriven (0 if never). */
    public int redriveCount() {
        return run.redriveCount();
    }

    /** When the execution was last redriven, or null. */
    public Instant redriveDate() {
        return run.redriveDate();
    }

    /**
     * DescribeExecution's {@code redriveStatus}: {@code REDRIVABLE} for a FAILED, TIMED_OUT or ABORTED top-level
     * execution, {@code REDRIVABLE_BY_MAP_RUN} for such a Distributed Map child, else {@code NOT_REDRIVABLE}.
     */
    public String redriveStatus() {
        return switch (status()) {
            case FAILED, TIMED_OUT, ABORTED -> run.parent() != null ? "REDRIVABLE_BY_MAP_RUN" : "REDRIVABLE";
            case RUNNING, SUCCEEDED -> "NOT_REDRIVABLE";
        };
    }

    /** Why the execution cannot be redriven, or null when it can. */
    public String redriveStatusReason() {
        return switch (status()) {
            case RUNNING -> "Execution is RUNNING and cannot be redriven";
            case SUCCEEDED -> "Execution is SUCCEEDED and cannot be redriven";
            case FAILED, TIMED_OUT, ABORTED -> null;
        };
    }

    /**
     * Redrives this execution (RedriveExecution); see {@link Engine#redrive(Execution)}. Returns this, RUNNING again.
     *
     * @throws ExecutionNotRedrivableException when it cannot be redriven, with the reason
     */
    public Execution redrive() {
        if (run.parent() != null) {
            throw new ExecutionNotRedrivableException("Execution " + run.arn() + " is a Distributed Map child; redrive its"
                    + " parent execution " + run.rootArn() + " instead, which redrives the Map Run");
        }
        io.sfnetl.asl.internal.Runner.redrive(run);
        return this;
    }

    /** Waits until the execution ends; returns this. */
    public Execution await() {
        run.done().join();
        return this;
    }

    /** Waits at most {@code timeout}; returns true when the execution ended. */
    public boolean await(Duration timeout) {
        try {
            run.done().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Stops the execution as StopExecution does: status ABORTED at once, running states are abandoned and the history
     * ends with ExecutionAborted. No effect on an execution that already ended.
     *
     * @param error optional error name, cause optional cause (both may be null)
     */
    public void stop(String error, String cause) {
        if (run.finish(ExecutionStatus.ABORTED, null, error, cause)) {
            run.signalStop();
        }
    }

    /** The execution shaped like {@code aws stepfunctions describe-execution} (dates ISO-8601). */
    public ObjectNode describe() {
        ObjectNode o = Json.object();
        o.put("executionArn", executionArn());
        o.put("stateMachineArn", stateMachineArn());
        o.put("name", name());
        o.put("status", status().name());
        o.put("startDate", startDate().toString());
        if (stopDate() != null) {
            o.put("stopDate", stopDate().toString());
        }
        o.put("input", input());
        o.putObject("inputDetails").put("included", true);
        if (output() != null) {
            o.put("output", output());
            o.putObject("outputDetails").put("included", true);
        }
        if (error() != null) {
            o.put("error", error());
        }
        if (cause() != null) {
            o.put("cause", cause());
        }
        o.put("redriveCount", redriveCount());
        if (redriveDate() != null) {
            o.put("redriveDate", redriveDate().toString());
        }
        o.put("redriveStatus", redriveStatus());
        if (redriveStatusReason() != null) {
            o.put("redriveStatusReason", redriveStatusReason());
        }
        return o;
    }

    /** The history as {@code aws stepfunctions get-execution-history} prints it: {@code {"events": [...]}}. */
    public ObjectNode historyJson() {
        ObjectNode o = Json.object();
        ArrayNode events = o.putArray("events");
        history().forEach(e -> events.add(e.toJson()));
        return o;
    }

    @Override
    public String toString() {
        return executionArn() + " " + status();
    }
}
