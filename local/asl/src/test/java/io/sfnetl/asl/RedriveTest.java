package io.sfnetl.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RedriveTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FN = "arn:aws:lambda:us-east-1:123456789012:function:";

    static final String CHAIN = """
            {"StartAt": "A", "States": {
              "A": {"Type": "Task", "Resource": "%1$sA", "ResultPath": "$.a", "Assign": {"fromA.$": "$.v"}, "Next": "B"},
              "B": {"Type": "Task", "Resource": "%1$sB", "Parameters": {"fromA.$": "$fromA"}, "ResultPath": "$.b", "Next": "C"},
              "C": {"Type": "Task", "Resource": "%1$sC", "ResultPath": "$.c", "End": true}}}
            """.formatted(FN);

    static final String DISTRIBUTED = """
            {"StartAt": "M", "States": {
              "M": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 1,
                "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "Work",
                  "States": {"Work": {"Type": "Task", "Resource": "%1$sWork", "End": true}}},
                "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out", "Prefix": "results"}},
                "ResultPath": "$.map", "Next": "Done"},
              "Done": {"Type": "Pass", "End": true}}}
            """.formatted(FN);

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Counts invocations per state (and per item for "Work"); fails the given keys on their first call. */
    static final class Tasks implements TaskInvoker {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        final java.util.Set<String> failOnce;

        Tasks(String... failOnce) {
            this.failOnce = ConcurrentHashMap.newKeySet();
            this.failOnce.addAll(List.of(failOnce));
        }

        static String key(TaskRequest r) {
            return r.stateName().equals("Work") ? "Work" + r.input().path("i").asInt() : r.stateName();
        }

        int calls(String key) {
            return calls.getOrDefault(key, new AtomicInteger()).get();
        }

        @Override
        public JsonNode invoke(TaskRequest r) {
            String key = key(r);
            calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            if (failOnce.remove(key)) {
                throw new StatesError("Boom", "first call of " + key + " fails");
            }
            return json("{\"done\": \"" + key + "\", \"n\": " + r.input().path("i").asInt() * 10 + ", \"v\": "
                    + r.input().path("v").asInt() + "}");
        }
    }

    private static List<String> types(Execution e) {
        return e.history().stream().map(HistoryEvent::type).toList();
    }

    @Test
    void redrive_failedTask_restartsFromFailedStateOnly() {
        var tasks = new Tasks("B");
        Engine engine = Engine.builder().taskInvoker(tasks).waitTimeScale(0).build();
        Execution e = engine.start(StateMachine.parse(CHAIN), "chain", json("{\"v\": 7}")).await();
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.redriveStatus()).isEqualTo("REDRIVABLE");
        int failedEvents = e.history().size();

        engine.redrive(e).await();

        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(tasks.calls("A")).isEqualTo(1);
        assertThat(tasks.calls("B")).isEqualTo(2);
        assertThat(tasks.calls("C")).isEqualTo(1);
        assertThat(e.redriveCount()).isEqualTo(1);
        assertThat(e.redriveDate()).isNotNull();
        assertThat(json(e.output()).path("b").path("done").asText()).isEqualTo("B");
        List<String> types = types(e);
        assertThat(types.get(failedEvents - 1)).isEqualTo("ExecutionFailed");
        assertThat(types.get(failedEvents)).isEqualTo("ExecutionRedriven");
        assertThat(types.get(failedEvents + 1)).isEqualTo("TaskStateEntered");
        assertThat(e.history().get(failedEvents).details().path("redriveCount").asInt()).isEqualTo(1);
        assertThat(e.history().get(failedEvents + 1).details().path("name").asText()).isEqualTo("B");
        assertThat(e.describe().path("redriveCount").asInt()).isEqualTo(1);
        assertThat(e.describe().path("redriveStatus").asText()).isEqualTo("NOT_REDRIVABLE");
    }

    @Test
    void redrive_variablesAssignedBeforeFailure_areSeenAgain() {
        var seen = new java.util.concurrent.CopyOnWriteArrayList<JsonNode>();
        var tasks = new Tasks("B");
        TaskInvoker recording = r -> {
            if (r.stateName().equals("B")) {
                seen.add(r.input());
            }
            return tasks.invoke(r);
        };
        Engine engine = Engine.builder().taskInvoker(recording).build();
        Execution e = engine.start(StateMachine.parse(CHAIN), null, json("{\"v\": 7}")).await();
        e.redrive().await();
        assertThat(seen).hasSize(2).allSatisfy(in -> assertThat(in.path("fromA").asInt()).isEqualTo(7));
    }

    @Test
    void redrive_succeededExecution_isRefused() {
        Engine engine = Engine.builder().taskInvoker(new Tasks()).build();
        Execution e = engine.start(StateMachine.parse(CHAIN), "ok", json("{}")).await();
        assertThatThrownBy(e::redrive).isInstanceOf(ExecutionNotRedrivableException.class)
                .hasMessageContaining("SUCCEEDED").hasMessageContaining(e.executionArn());
    }

    @Test
    void redrive_distributedMapWithOneFailedItem_rerunsOnlyThatItemAndPendingOnes() {
        var tasks = new Tasks("Work2");
        var store = new InMemoryObjectStore();
        Engine engine = Engine.builder().taskInvoker(tasks).resultWriterSink(store).waitTimeScale(0).build();
        Execution e = engine.start(StateMachine.parse(DISTRIBUTED), "dmap",
                json("{\"items\": [{\"i\": 0}, {\"i\": 1}, {\"i\": 2}, {\"i\": 3}, {\"i\": 4}]}")).await();
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo(ErrorNames.EXCEED_TOLERATED_FAILURE_THRESHOLD);
        assertThat(tasks.calls("Work3")).as("item 3 stays pending after item 2 failed").isZero();
        String mapRunArn = e.history().stream().filter(ev -> ev.type().equals("MapRunStarted")).findFirst()
                .orElseThrow().details().path("mapRunArn").asText();

        e.redrive().await();

        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(List.of(tasks.calls("Work0"), tasks.calls("Work1"), tasks.calls("Work2"), tasks.calls("Work3"),
                tasks.calls("Work4"))).containsExactly(1, 1, 2, 1, 1);
        HistoryEvent redriven = e.history().stream().filter(ev -> ev.type().equals("MapRunRedriven")).findFirst()
                .orElseThrow();
        assertThat(redriven.details().path("mapRunArn").asText()).isEqualTo(mapRunArn);
        assertThat(redriven.details().path("redriveCount").asInt()).isEqualTo(1);
        String key = json(e.output()).path("map").path("ResultWriterDetails").path("Key").asText();
        String base = key.substring(0, key.length() - "manifest.json".length());
        JsonNode succeeded = json(store.get("out", base + "SUCCEEDED_0.json").orElseThrow());
        assertThat(succeeded).hasSize(5);
        assertThat(json(store.get("out", base + "FAILED_0.json").orElse("[]"))).as("stale failures rewritten").isEmpty();
        assertThat(json(store.get("out", key).orElseThrow()).path("ResultFiles").path("FAILED")).isEmpty();
    }

    @Test
    void redrive_stoppedExecution_resumesAbortedState() throws Exception {
        var release = new java.util.concurrent.CountDownLatch(1);
        var inB = new java.util.concurrent.CountDownLatch(1);
        var tasks = new Tasks();
        TaskInvoker blocking = r -> {
            if (r.stateName().equals("B") && release.getCount() > 0) {
                inB.countDown();
                try {
                    release.await();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
            return tasks.invoke(r);
        };
        Engine engine = Engine.builder().taskInvoker(blocking).build();
        Execution e = engine.start(StateMachine.parse(CHAIN), "stopped", json("{}"));
        assertThat(inB.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        e.stop("Manual", "test");
        release.countDown();
        e.await();
        assertThat(e.status()).isEqualTo(ExecutionStatus.ABORTED);

        e.redrive().await();

        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(tasks.calls("A")).isEqualTo(1);
        assertThat(types(e)).containsSubsequence("ExecutionAborted", "ExecutionRedriven", "TaskStateEntered",
                "ExecutionSucceeded");
    }
}
