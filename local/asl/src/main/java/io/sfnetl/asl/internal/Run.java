package io.sfnetl.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.Execution;
import io.sfnetl.asl.ExecutionStatus;
import io.sfnetl.asl.HistoryEvent;
import io.sfnetl.asl.model.StateGraph;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The mutable state of one execution (top-level, or a Distributed Map child): identity, history, final status, stop
 * signal, the last {@link Checkpoint} and the Map Runs of its Distributed Maps (for resume and redrive). Its public
 * face is {@link Execution}. Thread-safe: status fields change under the lock.
 */
public final class Run {
    private final Settings settings;
    private final String arn;
    private final String name;
    private final String stateMachineArn;
    private final String stateMachineName;
    /** The input's tree: built on first use from {@link #inputJson} for a Distributed Map child (see its constructor). */
    private volatile JsonNode input;
    private final Instant startDate;
    private final Run parent;
    private final History history;
    private final Execution execution;
    private final Map<String, MapRunRecord> mapRuns = new ConcurrentHashMap<>();
    private volatile CompletableFuture<Execution> done = new CompletableFuture<>();
    private volatile CountDownLatch stopSignal = new CountDownLatch(1);
    private volatile ExecutionStatus status = ExecutionStatus.RUNNING;
    private volatile String output;
    private volatile String error;
    private volatile String cause;
    private volatile Instant stopDate;
    private volatile int redriveCount;
    private volatile Instant redriveDate;
    private volatile Checkpoint checkpoint;
    private volatile String inputJson;
    /** The input as UTF-8 JSON text, when the run was given it so (a Distributed Map child), else null. */
    private byte[] inputUtf8;
    /** A batch's {@code Items} array in {@link #inputUtf8}: from, to (exclusive) and its number of elements. */
    private int itemsFrom = -1;
    private int itemsTo;
    private int itemCount;
    private ObjectNode executionContext;
    private volatile BooleanSupplier externalStop = () -> false;
    // Set once before the run starts (launch or journal replay).
    private StateGraph graph;
    private Long timeoutSeconds;
    private String definitionJson;
    private String mapState;
    private int mapIndex = -1;
    private String mapRunId;
    private Journal.File journal;

    public Run(Settings settings, String arn, String name, String stateMachineArn, String stateMachineName,
            JsonNode input, Run parent) {
        this(settings, arn, name, stateMachineArn, stateMachineName, input, parent,
                settings.clock().instant().truncatedTo(ChronoUnit.MILLIS));
    }

    /**
     * A Distributed Map child whose input is given as JSON text (as the Map Run read it): the tree is built on first
     * use, on the child's own thread, rather than by the thread that launches the children.
     */
    public Run(Settings settings, String arn, String name, String stateMachineArn, String stateMachineName,
            byte[] inputUtf8, Run parent) {
        this(settings, arn, name, stateMachineArn, stateMachineName, (JsonNode) null, parent);
        this.inputUtf8 = inputUtf8;
    }

    /** A run with a known start date (replayed from the journal). */
    public Run(Settings settings, String arn, String name, String stateMachineArn, String stateMachineName,
            JsonNode input, Run parent, Instant startDate) {
        this.settings = settings;
        this.arn = arn;
        this.name = name;
        this.stateMachineArn = stateMachineArn;
        this.stateMachineName = stateMachineName;
        this.input = input;
        this.parent = parent;
        this.startDate = startDate;
        this.execution = new Execution(this);
        this.history = new History(settings.clock(), settings.maxHistoryEvents(),
                e -> settings.listener().onEvent(execution, e), this::journalEvent);
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
        JsonNode i = input;
        if (i == null) {
            synchronized (this) {
                i = input;
                if (i == null) {
                    try {
                        i = inputUtf8 == null ? JsonScanner.tree(inputUtf8())
                                : JsonScanner.lazyTree(inputUtf8, itemsFrom, itemsTo, itemCount);
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException("the input of " + arn + " is not valid JSON: " + e.getMessage(), e);
                    }
                    input = i;
                }
            }
        }
        return i;
    }

    /**
     * Says where the {@code Items} array of this child's batch input is ({@code [} at {@code from}, {@code ]} before
     * {@code to}) and how many items it has: the Map Run wrote it, so the child's tree takes it without reading it.
     * Before the run starts.
     */
    void batchItems(int from, int to, int count) {
        this.itemsFrom = from;
        this.itemsTo = to;
        this.itemCount = count;
    }

    /** The input as JSON text, written once (or given by the Distributed Map that read it as text). */
    public String inputJson() {
        String j = inputJson;
        if (j == null) {
            j = inputUtf8 != null ? new String(inputUtf8, java.nio.charset.StandardCharsets.UTF_8) : Json.write(input);
            inputJson = j;
        }
        return j;
    }

    /** The input as UTF-8 JSON text (do not modify). */
    byte[] inputUtf8() {
        return inputUtf8 != null ? inputUtf8 : inputJson().getBytes(java.nio.charset.StandardCharsets.UTF_8);
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

    public int redriveCount() {
        return redriveCount;
    }

    /** When the execution was last redriven, or null. */
    public Instant redriveDate() {
        return redriveDate;
    }

    public CompletableFuture<Execution> done() {
        return done;
    }

    public StateGraph graph() {
        return graph;
    }

    public Long timeoutSeconds() {
        return timeoutSeconds;
    }

    /** The definition JSON of a top-level run (journaled so that a new engine can resume it), else null. */
    public String definitionJson() {
        return definitionJson;
    }

    /** Sets what the run executes; once, before it starts. */
    public void program(StateGraph g, Long timeout, String definition) {
        this.graph = g;
        this.timeoutSeconds = timeout;
        this.definitionJson = definition;
    }

    /** Marks a Distributed Map child: the Map state's name, the item's index and the Map Run's id. */
    public void mapChild(String state, int index, String mapRunId) {
        this.mapState = state;
        this.mapIndex = index;
        this.mapRunId = mapRunId;
    }

    public String mapState() {
        return mapState;
    }

    public int mapIndex() {
        return mapIndex;
    }

    /** The Map Runs of this run's Distributed Map states that have not succeeded (by state name). */
    public Map<String, MapRunRecord> mapRuns() {
        return mapRuns;
    }

    public Checkpoint checkpoint() {
        return checkpoint;
    }

    /** Records where the top-level strand stands before entering a state (journaled and fsync'ed). */
    public void checkpoint(Checkpoint cp) {
        this.checkpoint = cp;
        if (journalFile() == null) {
            return;
        }
        ObjectNode r = record("step");
        r.put("state", cp.state());
        r.set("input", cp.input());
        ObjectNode vars = r.putObject("vars");
        cp.variables().forEach(vars::set);
        r.put("last", cp.lastEventId());
        journal(r, true);
    }

    /** Restores a checkpoint read from the journal. */
    void restoreCheckpoint(Checkpoint cp) {
        this.checkpoint = cp;
    }

    /** Opens this top-level run's journal file (when the engine has a journal). */
    public void openJournal() {
        Journal j = settings.registry().journal();
        if (j != null && parent == null) {
            journal = j.open(stateMachineName, name);
        }
    }

    /** Journals this run's start (identity, input; the definition for a top-level run). */
    public void journalStart() {
        if (journalFile() == null) {
            return;
        }
        ObjectNode r = record("start");
        r.put("name", name);
        r.put("sm", stateMachineArn);
        r.put("smName", stateMachineName);
        // a Distributed Map child's input is text until its thread builds the tree: journaled as that text
        r.set("input", inputUtf8 != null ? Json.NODES.rawValueNode(new com.fasterxml.jackson.databind.util.RawValue(
                inputJson())) : input);
        r.put("date", startDate.toString());
        if (parent != null) {
            r.put("parent", parent.arn());
            r.put("mapState", mapState);
            r.put("index", mapIndex);
            r.put("mapRun", mapRunId);
        } else {
            r.put("definition", definitionJson);
            if (timeoutSeconds != null) {
                r.put("timeout", timeoutSeconds);
            }
        }
        journal(r, true);
    }

    /** Journals a Map Run's start or redrive. */
    public void journalMapRun(String state, MapRunRecord rec) {
        ObjectNode r = record("maprun");
        r.put("state", state);
        r.put("id", rec.id());
        r.put("mapRunArn", rec.arn());
        r.put("size", rec.size());
        r.put("redriveCount", rec.redriveCount());
        r.put("parentRedriveCount", rec.parentRedriveCount());
        journal(r, true);
    }

    /** Forgets the Map Run of {@code state} once it succeeded: running the state again starts a new one. */
    public void mapRunDone(String state, MapRunRecord rec) {
        if (!mapRuns.remove(state, rec)) {
            return;
        }
        ObjectNode r = record("maprunDone");
        r.put("state", state);
        journal(r, false);
    }

    private void journalEvent(HistoryEvent e) {
        if (journalFile() != null) {
            ObjectNode r = record("event");
            r.set("e", e.toJson());
            boolean terminal = e.type().startsWith("Execution");
            journal(r, terminal);
        }
    }

    ObjectNode record(String kind) {
        ObjectNode r = Json.object();
        r.put("k", kind);
        r.put("arn", arn);
        return r;
    }

    void journal(ObjectNode record, boolean sync) {
        Journal.File f = journalFile();
        if (f != null) {
            f.append(record, sync);
        }
    }

    private Journal.File journalFile() {
        return parent != null ? parent.journalFile() : journal;
    }

    /** The Context object's {@code Execution} and {@code StateMachine} parts (built once per attempt). */
    synchronized ObjectNode executionContext() {
        if (executionContext == null) {
            ObjectNode ctx = Json.object();
            ObjectNode ex = ctx.putObject("Execution");
            ex.put("Id", arn);
            ex.set("Input", input);
            ex.put("Name", name);
            ex.put("RoleArn", settings.roleArn());
            ex.put("StartTime", startDate.toString());
            ex.put("RedriveCount", redriveCount);
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
    public void stopWhen(BooleanSupplier condition) {
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
        this.stopDate = settings.clock().instant().truncatedTo(ChronoUnit.MILLIS);
        this.status = finalStatus;
        return true;
    }

    /** Completes {@link #done()}; called after the final event is recorded. Journals the end. */
    public void complete() {
        if (journalFile() == null) {
            done.complete(execution);
            return;
        }
        ObjectNode r = record("end");
        r.put("status", status.name());
        r.put("output", output);
        r.put("error", error);
        r.put("cause", cause);
        r.put("date", stopDate == null ? null : stopDate.toString());
        journal(r, true);
        done.complete(execution);
    }

    /** Restores a final status read from the journal and completes {@link #done()}. */
    synchronized void restoreEnd(ExecutionStatus s, String out, String err, String why, Instant date) {
        this.status = s;
        this.output = out;
        this.error = err;
        this.cause = why;
        this.stopDate = date;
        done.complete(execution);
    }

    /**
     * Makes an unsuccessful, ended run RUNNING again for a redrive: counts the redrive, clears the result, re-arms the
     * stop signal. The caller records ExecutionRedriven and restarts it from its checkpoint.
     */
    synchronized void reopen() {
        this.status = ExecutionStatus.RUNNING;
        this.output = null;
        this.error = null;
        this.cause = null;
        this.stopDate = null;
        this.redriveCount++;
        this.redriveDate = settings.clock().instant().truncatedTo(ChronoUnit.MILLIS);
        this.executionContext = null;
        this.done = new CompletableFuture<>();
        this.stopSignal = new CountDownLatch(1);
        this.externalStop = () -> false;
        ObjectNode r = record("redrive");
        r.put("count", redriveCount);
        r.put("date", redriveDate.toString());
        journal(r, true);
    }

    /** Restores a redrive read from the journal (the run is RUNNING again until its next end record). */
    synchronized void restoreRedrive(int count, Instant date) {
        this.redriveCount = count;
        this.redriveDate = date;
        this.status = ExecutionStatus.RUNNING;
        this.output = null;
        this.error = null;
        this.cause = null;
        this.stopDate = null;
        this.done = new CompletableFuture<>();
    }

    /** Reopens a replayed top-level run's journal file, to append to it. */
    public void reopenJournal(Journal j) {
        this.journal = j.open(stateMachineName, name);
    }
}
