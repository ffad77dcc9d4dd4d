package io.sfnetl.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.ErrorNames;
import io.sfnetl.asl.ExecutionStatus;
import io.sfnetl.asl.StatesError;
import io.sfnetl.asl.model.StateGraph;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one execution (top-level or Distributed Map child) on a virtual thread, from ExecutionStarted to its final event. */
public final class Runner {
    private static final Logger LOG = LoggerFactory.getLogger(Runner.class);

    private Runner() {
    }

    /**
     * Starts {@code run} on a virtual thread: ExecutionStarted, the graph, then the final event. For the engine and
     * its Distributed Map children.
     */
    public static void launch(Run run, StateGraph graph, Long timeoutSeconds) {
        ObjectNode started = Json.object();
        started.put("input", Json.write(run.input()));
        started.putObject("inputDetails").put("truncated", false);
        started.put("roleArn", "arn:aws:iam::" + run.settings().account() + ":role/StepFunctionsLocalRole");
        long startedId = run.history().add("ExecutionStarted", "executionStartedEventDetails", started, 0, true);
        Thread runner = Thread.ofVirtual().name("execution-" + run.name()).start(() -> execute(run, graph, startedId));
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

    private static void execute(Run run, StateGraph graph, long startedId) {
        Scope scope = new Scope(run, new Variables(null), null, startedId);
        try {
            JsonNode output = Interpreter.run(graph, run.input(), scope);
            String out = Json.write(output);
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
        ObjectNode d = Json.object();
        if (error != null) {
            d.put("error", error);
        }
        if (cause != null) {
            d.put("cause", cause);
        }
        return d;
    }

}
