package io.sfnetl.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.Execution;
import io.sfnetl.asl.ExecutionListener;
import io.sfnetl.asl.HistoryEvent;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

/**
 * The twin's stand-in for the stack's EventBridge rule (cdk {@code FailedRunRecorder}): when a top-level execution of
 * the ETL state machine ends FAILED, TIMED_OUT or ABORTED, it raises the "Step Functions Execution Status Change" event
 * exactly as EventBridge delivers it and invokes the MarkJobFailed function with it. Distributed Map child executions
 * raise no event for the rule (the stack's rule matches the ETL state machine's ARN only).
 *
 * <p>Delivery is asynchronous, as EventBridge's is: the execution ends first, then the job record is marked. Commands
 * that exit after an execution call {@link #awaitDeliveries} so that the record is written before the twin stops.
 * A delivery that fails is kept ({@link #failures()}); EventBridge would retry it and then send it to the
 * dead-letter queue. Thread-safe.
 */
public final class FailedRunRule implements ExecutionListener {
    /** EventBridge's {@code detail-type} of Step Functions status-change events. */
    public static final String DETAIL_TYPE = "Step Functions Execution Status Change";
    private static final Set<String> UNSUCCESSFUL = Set.of("ExecutionFailed", "ExecutionTimedOut", "ExecutionAborted");

    private final String stateMachineName;
    private final String region;
    private final String account;
    private final BiFunction<String, JsonNode, JsonNode> target;
    private final String function;
    private final ObjectMapper mapper;
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> deliveries = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

    /**
     * @param stateMachineName only executions of this state machine match (the ETL machine, "sfn-etl" in the twin)
     * @param function the target function's name or ARN (MarkJobFailed)
     * @param target invokes a function with a payload, e.g. {@code LambdaRunner::invoke}
     */
    public FailedRunRule(String stateMachineName, String region, String account, String function,
                         BiFunction<String, JsonNode, JsonNode> target, ObjectMapper mapper) {
        this.stateMachineName = stateMachineName;
        this.region = region;
        this.account = account;
        this.function = function;
        this.target = target;
        this.mapper = mapper;
    }

    @Override
    public void onEvent(Execution execution, HistoryEvent event) {
        if (!UNSUCCESSFUL.contains(event.type()) || execution.parentArn() != null
                || !execution.stateMachineArn().endsWith(":stateMachine:" + stateMachineName)) {
            return;
        }
        ObjectNode payload = statusChangeEvent(execution);
        deliveries.add(CompletableFuture.runAsync(() -> {
            try {
                target.apply(function, payload);
            } catch (RuntimeException e) {
                failures.add(execution.name() + ": " + e.getMessage());
            }
        }, command -> Thread.ofVirtual().name("failed-run-rule").start(command)));
    }

    /**
     * The event EventBridge delivers for an execution's status change (Step Functions user guide, "Step Functions
     * events"): dates in epoch milliseconds, {@code input} and {@code output} as JSON strings.
     */
    public ObjectNode statusChangeEvent(Execution execution) {
        ObjectNode e = mapper.createObjectNode();
        e.put("version", "0");
        e.put("id", UUID.randomUUID().toString());
        e.put("detail-type", DETAIL_TYPE);
        e.put("source", "aws.states");
        e.put("account", account);
        e.put("time", (execution.stopDate() == null ? java.time.Instant.now() : execution.stopDate())
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        e.put("region", region);
        e.putArray("resources").add(execution.executionArn());
        ObjectNode d = e.putObject("detail");
        d.put("executionArn", execution.executionArn());
        d.put("stateMachineArn", execution.stateMachineArn());
        d.put("name", execution.name());
        d.put("status", execution.status().name());
        d.put("startDate", execution.startDate().toEpochMilli());
        if (execution.stopDate() != null) {
            d.put("stopDate", execution.stopDate().toEpochMilli());
        } else {
            d.putNull("stopDate");
        }
        d.put("input", execution.input());
        d.putObject("inputDetails").put("included", true);
        d.putNull("output");
        d.putNull("outputDetails");
        if (execution.error() != null) {
            d.put("error", execution.error());
        } else {
            d.putNull("error");
        }
        if (execution.cause() != null) {
            d.put("cause", execution.cause());
        } else {
            d.putNull("cause");
        }
        return e;
    }

    /**
     * Waits until every event raised so far has been delivered.
     *
     * @return true when all were delivered within {@code timeout}
     */
    public boolean awaitDeliveries(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (CompletableFuture<Void> f : deliveries) {
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException e) {
                // recorded in failures by the delivery itself
            }
        }
        return true;
    }

    /** Deliveries that failed, as "execution name: message". */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** Runs {@code first}, then {@code second}, for every event (the engine takes one listener). */
    public static ExecutionListener both(ExecutionListener first, ExecutionListener second) {
        return (execution, event) -> {
            first.onEvent(execution, event);
            second.onEvent(execution, event);
        };
    }
}
