package io.sfnetl.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.ErrorNames;
import io.sfnetl.asl.StatesError;
import io.sfnetl.asl.TaskRequest;
import io.sfnetl.asl.model.QueryLanguage;
import io.sfnetl.asl.model.State;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Task: computes the effective input, invokes the resource through the TaskInvoker (on a virtual thread, bounded by
 * TimeoutSeconds and by a stop of the execution) and records TaskScheduled/Started/Succeeded/Failed/TimedOut, or the
 * LambdaFunction* events for a plain Lambda function ARN.
 */
final class TaskExecutor {
    private TaskExecutor() {
    }

    static Outcome execute(State.Task s, JsonNode raw, Scope scope) {
        boolean jsonata = s.transition().language() == QueryLanguage.JSONATA;
        JsonNode effective = jsonata ? raw : Io.input(s.io(), raw, scope);
        JsonNode taskInput = jsonata
                ? (s.io().arguments() == null ? raw
                        : Jsonata.template(s.io().arguments(), Jsonata.states(raw, null, null, scope), scope, "Arguments"))
                : Io.parameters(s.io(), effective, scope);
        Long timeout = Io.seconds(s.timeout(), effective, scope, "TimeoutSeconds");
        Long heartbeat = Io.seconds(s.heartbeat(), effective, scope, "HeartbeatSeconds");
        JsonNode result = invoke(s, taskInput, timeout, heartbeat, scope);
        if (jsonata) {
            var states = Jsonata.states(raw, result, null, scope);
            Map<String, JsonNode> assigned = Jsonata.assign(s.io().assign(), states, scope);
            JsonNode out = s.io().output() == null ? result : Jsonata.template(s.io().output(), states, scope, "Output");
            return new Outcome(s.transition().next(), out, assigned);
        }
        JsonNode selected = Io.selectResult(s.io(), result, scope);
        Map<String, JsonNode> assigned = Io.assign(s.io().assign(), selected, scope);
        return new Outcome(s.transition().next(), Io.output(s.io(), raw, selected, scope), assigned);
    }

    private static JsonNode invoke(State.Task s, JsonNode input, Long timeout, Long heartbeat, Scope scope) {
        Resource r = Resource.of(s.resource());
        String inputJson = Io.checkSize(Json.write(input), scope, "task input");
        if (r.legacyLambda()) {
            ObjectNode d = Json.object();
            d.put("resource", s.resource());
            d.put("input", inputJson);
            d.putObject("inputDetails").put("truncated", false);
            if (timeout != null) {
                d.put("timeoutInSeconds", timeout);
            }
            scope.event("LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", d);
            scope.event("LambdaFunctionStarted", null, null);
        } else {
            ObjectNode d = r.details();
            d.put("region", scope.settings().region());
            d.put("parameters", inputJson);
            if (timeout != null) {
                d.put("timeoutInSeconds", timeout);
            }
            if (heartbeat != null) {
                d.put("heartbeatInSeconds", heartbeat);
            }
            scope.event("TaskScheduled", "taskScheduledEventDetails", d);
            scope.event("TaskStarted", "taskStartedEventDetails", r.details());
        }
        JsonNode result;
        try {
            result = call(s, input, timeout, heartbeat, scope);
            Io.checkSize(Json.write(result), scope, "task result");
        } catch (StatesError e) {
            boolean timedOut = e.error().equals(ErrorNames.TIMEOUT) || e.error().equals(ErrorNames.HEARTBEAT_TIMEOUT);
            ObjectNode d = r.legacyLambda() ? Json.object() : r.details();
            d.put("error", e.error());
            d.put("cause", e.cause());
            String type = (r.legacyLambda() ? "LambdaFunction" : "Task") + (timedOut ? "TimedOut" : "Failed");
            scope.event(type, (r.legacyLambda() ? "lambdaFunction" : "task") + (timedOut ? "TimedOut" : "Failed")
                    + "EventDetails", d);
            throw e;
        }
        String out = Json.write(result);
        if (r.legacyLambda()) {
            scope.event("LambdaFunctionSucceeded", "lambdaFunctionSucceededEventDetails", Events.output(out));
        } else {
            ObjectNode d = r.details();
            d.setAll(Events.output(out));
            scope.event("TaskSucceeded", "taskSucceededEventDetails", d);
        }
        return result;
    }

    private static JsonNode call(State.Task s, JsonNode input, Long timeout, Long heartbeat, Scope scope) {
        AtomicBoolean abandoned = new AtomicBoolean();
        var request = new TaskRequest(s.resource(), input, s.name(), scope.run().arn(), scope.run().rootArn(),
                scope.context(), timeout, heartbeat, () -> abandoned.get() || scope.stopped());
        var task = new FutureTask<>(() -> scope.settings().invoker().invoke(request));
        Thread.ofVirtual().name("task-" + s.name()).start(task);
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout);
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException();
                }
                try {
                    return task.get(Math.min(left, 50_000_000L), TimeUnit.NANOSECONDS);
                } catch (TimeoutException poll) {
                    if (scope.stopped()) {
                        abandoned.set(true);
                        task.cancel(true);
                        scope.checkStopped();
                    }
                }
            }
        } catch (TimeoutException e) {
            abandoned.set(true);
            task.cancel(true);
            throw new StatesError(ErrorNames.TIMEOUT, "The task '" + s.name() + "' did not finish within its "
                    + "TimeoutSeconds of " + timeout + " s");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof StatesError se) {
                throw se;
            }
            throw new StatesError(ErrorNames.TASK_FAILED, "The task invoker failed for state '" + s.name() + "': " + c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandoned.set(true);
            task.cancel(true);
            throw new ExecutionStopped("interrupted");
        }
    }

    /** A Task resource as history events name it: {@code resourceType} ("lambda") and {@code resource} ("invoke"). */
    record Resource(String type, String name, boolean legacyLambda) {
        static Resource of(String arn) {
            if (arn.startsWith("arn:aws:lambda:")) {
                return new Resource("lambda", arn, true);
            }
            if (arn.startsWith("arn:aws:states:::")) {
                String rest = arn.substring("arn:aws:states:::".length());
                int colon = rest.indexOf(':');
                return colon < 0 ? new Resource(rest, rest, false)
                        : new Resource(rest.substring(0, colon), rest.substring(colon + 1), false);
            }
            return new Resource("unknown", arn, false);
        }

        ObjectNode details() {
            ObjectNode d = Json.object();
            d.put("resourceType", type);
            d.put("resource", name);
            return d;
        }
    }
}
