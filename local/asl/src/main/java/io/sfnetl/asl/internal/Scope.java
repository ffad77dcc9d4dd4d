package io.sfnetl.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One strand of an execution: the top-level loop, a Parallel branch or a Map iteration. Holds its variables, the
 * Map item it works on, the last event it recorded (for {@code previousEventId}) and the current state's Context
 * fields. Confined to one thread.
 */
public final class Scope {
    private final Run run;
    private final Scope parent;
    private final java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
    private final Variables variables;
    private final ObjectNode mapItem;
    private long lastEventId;
    private String stateName = "";
    private Instant enteredTime = Instant.EPOCH;
    private int retryCount;
    private String taskToken;
    private ObjectNode context;
    private JsonNode lastOutput;
    private String lastOutputJson;

    public Scope(Run run, Variables variables, ObjectNode mapItem, long lastEventId) {
        this(run, null, variables, mapItem, lastEventId);
    }

    private Scope(Run run, Scope parent, Variables variables, ObjectNode mapItem, long lastEventId) {
        this.run = run;
        this.parent = parent;
        this.variables = variables;
        this.mapItem = mapItem;
        this.lastEventId = lastEventId;
    }

    /** A strand nested in this one (Parallel branch, Map iteration) with its own variables. */
    public Scope nested(ObjectNode item, long previousEventId) {
        Scope s = new Scope(run, this, new Variables(variables), item, previousEventId);
        // Until the nested strand enters its first state, $$.State is the enclosing state's (ItemSelector sees it).
        s.stateName = stateName;
        s.enteredTime = enteredTime;
        return s;
    }

    /** True for the top-level strand of an execution (the one that records checkpoints). */
    public boolean isRoot() {
        return parent == null;
    }

    /** Stops this strand and its nested ones (a sibling failed the enclosing Parallel or Map). */
    public void cancel() {
        cancelled.set(true);
    }

    /** True when the execution was stopped or an enclosing strand was cancelled. */
    public boolean stopped() {
        for (Scope s = this; s != null; s = s.parent) {
            if (s.cancelled.get()) {
                return true;
            }
        }
        return run.stopped();
    }

    /** Throws {@link ExecutionStopped} when {@link #stopped()}. */
    public void checkStopped() {
        if (stopped()) {
            throw new ExecutionStopped("state '" + stateName + "' was stopped");
        }
    }

    /** Sleeps, waking early with {@link ExecutionStopped} when stopped. */
    public void sleep(java.time.Duration d) {
        long end = System.nanoTime() + d.toNanos();
        checkStopped();
        while (true) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            run.sleep(java.time.Duration.ofNanos(Math.min(left, 50_000_000L)));
            checkStopped();
        }
    }

    public Run run() {
        return run;
    }

    public Settings settings() {
        return run.settings();
    }

    public Variables variables() {
        return variables;
    }

    public String stateName() {
        return stateName;
    }

    public long lastEventId() {
        return lastEventId;
    }

    public void enter(String name) {
        this.stateName = name;
        this.enteredTime = run.settings().clock().instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        this.retryCount = 0;
        this.taskToken = null;
        this.context = null;
    }

    /** Sets (or clears, with null) the task token of the current Task attempt, visible as {@code $$.Task.Token}. */
    public void taskToken(String token) {
        this.taskToken = token;
        this.context = null;
    }

    public String taskToken() {
        return taskToken;
    }

    public void retried(int count) {
        this.retryCount = count;
        this.context = null;
    }

    /** Records an event after this strand's previous one. */
    public long event(String type, String detailsField, ObjectNode details) {
        lastEventId = run.history().add(type, detailsField, details, lastEventId, false);
        return lastEventId;
    }

    /** The Context object ({@code $$}) at the current state; built once per state attempt, read-only. */
    public ObjectNode context() {
        if (context != null) {
            return context;
        }
        ObjectNode ctx = run.executionContext().deepCopy();
        ObjectNode state = ctx.putObject("State");
        state.put("EnteredTime", enteredTime.toString());
        state.put("Name", stateName);
        state.put("RetryCount", retryCount);
        if (mapItem != null) {
            ctx.putObject("Map").set("Item", mapItem);
        }
        if (taskToken != null) {
            ctx.putObject("Task").put("Token", taskToken);
        }
        context = ctx;
        return ctx;
    }

    /** Remembers the JSON text of the last state's output (stateExited has it), for the execution's output. */
    void lastOutput(JsonNode output, String json) {
        this.lastOutput = output;
        this.lastOutputJson = json;
    }

    /** The JSON text of {@code output}: the last state's, when it is that node, else written. */
    String json(JsonNode output) {
        return output == lastOutput ? lastOutputJson : Json.write(output);
    }

    /** The Map item ({@code {Index, Value}}) of this iteration, or null. */
    public JsonNode mapItem() {
        return mapItem;
    }
}
