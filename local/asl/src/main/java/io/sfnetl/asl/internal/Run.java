package io.sfnetl.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.Execution;
import io.sfnetl.asl.ExecutionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The mutable state of one execution (top-level, or a Distributed Map child): identity, history, final status, stop
 * signal. Its public face is {@link Execution}. Thread-safe: status fields are set once, under the lock.
 */
public final class Run {
    private final Settings settings;
    private final String arn;
    private final String name;
    private final String stateMachineArn;
    private final String stateMachineName;
    private final JsonNode input;
    private final Instant startDate;
    private final Run parent;
    private final History history;
    private final Execution execution;
    private final CompletableFuture<Execution> done = new CompletableFuture<>();
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private volatile ExecutionStatus status = ExecutionStatus.RUNNING;
    private volatile String output;
    private volatile String error;
    private volatile String cause;
    private volatile Instant stopDate;
    private ObjectNode executionContext;
    private volatile java.util.function.BooleanSupplier externalStop = () -> false;

    public Run(Settings settings, String arn, String name, String stateMachineArn, String stateMachineName,
            JsonNode input, Run parent) {
        this.settings = settings;
        this.arn = arn;
        this.name = name;
        this.stateMachineArn = stateMachineArn;
        this.stateMachineName = stateMachineName;
        this.input = input;
        this.parent = parent;
        this.startDate = settings.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        this.execution = new Execution(this);
        this.history = new History(settings.clock(), settings.maxHistoryEvents(),
                e -> settings.listener().onEvent(execution, e));
    }

    public Settings settings() {
        return settings;
    }

    public String arn() {
        return arn;
    }

    public String name() {
        return name;
    }

    public String stateMachineArn() {
        return stateMachineArn;
    }

    public String stateMachineName() {
        return stateMachineName;
    }

    public JsonNode input() {
        return input;
    }

    public Instant startDate() {
        return startDate;
    }

    public Run parent() {
        return parent;
    }

    public String rootArn() {
        return parent == null ? arn : parent.rootArn();
    }

    public History history() {
        return history;
    }

    public Execution execution() {
        return execution;
    }

    public ExecutionStatus status() {
        return status;
    }

    public String output() {
        return output;
    }

    public String error() {
        return error;
    }

    public String cause() {
        return cause;
    }

    public Instant stopDate() {
        return stopDate;
    }

    public CompletableFuture<Execution> done() {
        return done;
    }

    /** The Context object's {@code Execution} and {@code StateMachine} parts (built once). */
    synchronized ObjectNode executionContext() {
        if (executionContext == null) {
            ObjectNode ctx = Json.object();
            ObjectNode ex = ctx.putObject("Execution");
            ex.put("Id", arn);
            ex.set("Input", input);
            ex.put("Name", name);
            ex.put("RoleArn", "arn:aws:iam::" + settings.account() + ":role/StepFunctionsLocalRole");
            ex.put("StartTime", startDate.toString());
            ex.put("RedriveCount", 0);
            ObjectNode sm = ctx.putObject("StateMachine");
            sm.put("Id", stateMachineArn);
            sm.put("Name", stateMachineName);
            executionContext = ctx;
        }
        return executionContext;
    }

    /** True once the execution was stopped (aborted or timed out). */
    public boolean stopped() {
        return stopSignal.getCount() == 0 || externalStop.getAsBoolean() || (parent != null && parent.stopped());
    }

    /** Throws {@link ExecutionStopped} when the execution was stopped. */
    public void checkStopped() {
        if (stopped()) {
            throw new ExecutionStopped("execution " + arn + " was stopped");
        }
    }

    /** Sleeps {@code d}, waking early (with {@link ExecutionStopped}) when the execution is stopped. */
    public void sleep(Duration d) {
        checkStopped();
        try {
            long nanos = d.toNanos();
            if (nanos > 0 && stopSignal.await(nanos, TimeUnit.NANOSECONDS)) {
                checkStopped();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutionStopped("interrupted");
        }
        checkStopped();
    }

    /** Adds a stop condition besides StopExecution (a Distributed Map Run that failed stops its children). */
    public void stopWhen(java.util.function.BooleanSupplier condition) {
        this.externalStop = condition;
    }

    /** Signals every strand of this execution to stop; the caller records the final event. */
    public void signalStop() {
        stopSignal.countDown();
    }

    /** Sets the final status once; returns false if the execution had already ended. */
    public synchronized boolean finish(ExecutionStatus finalStatus, String output, String error, String cause) {
        if (status.isFinal()) {
            return false;
        }
        this.output = output;
        this.error = error;
        this.cause = cause;
        this.stopDate = settings.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        this.status = finalStatus;
        return true;
    }

    /** Completes {@link #done()}; called after the final event is recorded. */
    public void complete() {
        done.complete(execution);
    }
}
