package io.sfnetl.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.ErrorNames;
import io.sfnetl.asl.ExecutionNotRedrivableException;
import io.sfnetl.asl.ExecutionStatus;
import io.sfnetl.asl.StatesError;
import io.sfnetl.asl.model.StateGraph;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one execution from ExecutionStarted to its final event: a top-level one on a virtual thread of its own, a
 * Distributed Map child on a worker thread of its Map Run.
 */
public final class Runner {
    private static final Logger LOG = LoggerFactory.getLogger(Runner.class);

    private Runner() {
    }

    /**
     * Starts a top-level {@code run} on a virtual thread: ExecutionStarted, the graph, then the final event; the run
     * journals {@code definitionJson} to be resumable.
     */
    public static void launch(Run run, StateGraph graph, Long timeoutSeconds, String definitionJson) {
        run.program(graph, timeoutSeconds, definitionJson);
        run.openJournal();
        run.journalStart();
        start(run, null, started(run));
    }

    /**
     * Runs a Distributed Map child on the calling thread (a worker of its Map Run), from ExecutionStarted to its final
     * event; returns when it has ended.
     */
    public static void runHere(Run run, StateGraph graph) {
        run.program(graph, null, null);
        run.openJournal();
        run.journalStart();
        execute(run, null, NOT_STARTED);
    }

    /** Passed as the last event id of a run that records ExecutionStarted on the thread that runs it. */
    private static final long NOT_STARTED = -1;

    /** Records ExecutionStarted; returns its id. */
    private static long started(Run run) {
        ObjectNode started = Json.details(3);
        started.put("input", run.inputJson());
        started.set("inputDetails", Json.details(1).put("truncated", false));
        started.put("roleArn", run.settings().roleArn());
        return run.history().add("ExecutionStarted", "executionStartedEventDetails", started, 0, true);
    }

    /**
     * Continues a run replayed from the journal as RUNNING, from its last checkpoint: the events recorded after it
     * are dropped and recorded again as the state runs again (a Task that was in flight is invoked again).
     */
    public static void resume(Run run) {
        Checkpoint cp = run.checkpoint() != null ? run.checkpoint()
                : new Checkpoint(run.graph().startAt(), run.input(), Map.of(), Math.min(1, run.history().size()));
        run.history().truncate(cp.lastEventId());
        start(run, cp, cp.lastEventId());
    }

    /**
     * RedriveExecution: restarts an unsuccessful run from the state that did not succeed, with that state's input
     * and the variables it saw, after an ExecutionRedriven event. Distributed Maps adopt their Map Run: only the
     * children that did not succeed run again.
     *
     * @throws ExecutionNotRedrivableException when the run is not FAILED, TIMED_OUT or ABORTED, or cannot be redriven
     */
    public static void redrive(Run run) {
        String why = switch (run.status()) {
            case RUNNING -> "it is RUNNING";
            case SUCCEEDED -> "it SUCCEEDED";
            case FAILED, TIMED_OUT, ABORTED -> run.history().size() >= run.settings().maxHistoryEvents() - 1
                    ? "its history has reached the maximum number of events (" + run.settings().maxHistoryEvents() + ")"
                    : run.redriveCount() >= MAX_REDRIVES ? "it was redriven " + MAX_REDRIVES + " times already"
                    : run.graph() == null ? "its definition is unknown to this engine" : null;
        };
        if (why != null) {
            throw new ExecutionNotRedrivableException("Execution " + run.arn() + " cannot be redriven: " + why
                    + "; only FAILED, TIMED_OUT or ABORTED executions can be redriven");
        }
        run.done().join();
        run.reopen();
        ObjectNode d = Json.details(3);
        d.put("redriveCount", run.redriveCount());
        long id = run.history().add("ExecutionRedriven", "executionRedrivenEventDetails", d, run.history().size(), true);
        Checkpoint cp = run.checkpoint() != null ? run.checkpoint()
                : new Checkpoint(run.graph().startAt(), run.input(), Map.of(), id);
        start(run, new Checkpoint(cp.state(), cp.input(), cp.variables(), id), id);
    }

    /** AWS's limit of redrives of one execution. */
    static final int MAX_REDRIVES = 1000;

    private static void start(Run run, Checkpoint cp, long lastEventId) {
        Thread runner = Thread.ofVirtual().name("execution-" + run.name()).start(() -> execute(run, cp, lastEventId));
        Long timeoutSeconds = run.timeoutSeconds();
        if (timeoutSeconds != null) {
            Thread.ofVirtual().start(() -> {
                if (!run.execution().await(Duration.ofSeconds(timeoutSeconds))
                        && run.finish(ExecutionStatus.TIMED_OUT, null, ErrorNames.TIMEOUT,
                                "The execution exceeded its TimeoutSeconds of " + timeoutSeconds + " s")) {
                    run.signalStop();
                }
            });
        }
        java.util.Objects.requireNonNull(runner);
    }

    private static void execute(Run run, Checkpoint start, long lastEventId) {
        if (lastEventId == NOT_STARTED) {
            lastEventId = started(run);
        }
        Variables variables = new Variables(null);
        Scope scope = new Scope(run, variables, null, lastEventId);
        try {
            Checkpoint cp = start != null ? start : new Checkpoint(run.graph().startAt(), run.input(), Map.of(), lastEventId);
            variables.assign(cp.variables());
            JsonNode output = Interpreter.run(run.graph(), cp.state(), cp.input(), scope);
            String out = scope.json(output);
            if (run.finish(ExecutionStatus.SUCCEEDED, out, null, null)) {
                run.history().add("ExecutionSucceeded", "executionSucceededEventDetails", Events.output(out),
                        scope.lastEventId(), true);
            }
        } catch (StatesError e) {
            if (run.finish(ExecutionStatus.FAILED, null, e.error(), e.cause())) {
                run.history().add("ExecutionFailed", "executionFailedEventDetails", Events.error(e.error(), e.cause()),
                        scope.lastEventId(), true);
            }
        } catch (ExecutionStopped e) {
            // Set by stop() or the timeout; a child stopped with its parent or Map Run becomes ABORTED here.
            run.finish(ExecutionStatus.ABORTED, null, null, null);
        } catch (RuntimeException | StackOverflowError e) {
            // An engine bug, or a definition or payload deep enough to overflow the stack: the execution fails
            // rather than hanging its callers.
            LOG.error("[executionArn={} state={}] engine error", run.arn(), scope.stateName(), e);
            String cause = "Internal error of the local engine in state '" + scope.stateName() + "': " + e;
            if (run.finish(ExecutionStatus.FAILED, null, ErrorNames.RUNTIME, cause)) {
                run.history().add("ExecutionFailed", "executionFailedEventDetails", Events.error(ErrorNames.RUNTIME, cause),
                        scope.lastEventId(), true);
            }
        }
        switch (run.status()) {
            case ABORTED -> run.history().add("ExecutionAborted", "executionAbortedEventDetails",
                    details(run.error(), run.cause()), scope.lastEventId(), true);
            case TIMED_OUT -> run.history().add("ExecutionTimedOut", "executionTimedOutEventDetails",
                    details(run.error(), run.cause()), scope.lastEventId(), true);
            case RUNNING, SUCCEEDED, FAILED -> { }
        }
        run.complete();
    }

    private static ObjectNode details(String error, String cause) {
        ObjectNode d = Json.details(3);
        if (error != null) {
            d.put("error", error);
        }
        if (cause != null) {
            d.put("cause", cause);
        }
        return d;
    }

}
