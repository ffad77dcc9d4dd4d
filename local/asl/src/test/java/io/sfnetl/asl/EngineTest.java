package io.sfnetl.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class EngineTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> types(Execution e) {
        return e.history().stream().map(HistoryEvent::type).toList();
    }

    @Test
    void stop_runningWait_abortsWithExecutionAbortedLast() {
        var sm = StateMachine.parse("{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":60,\"End\":true}}}");
        Execution e = Engine.builder().build().start(sm, "stop-me", json("{}"));
        e.stop("Manual", "test");
        assertThat(e.await(Duration.ofSeconds(5))).isTrue();
        assertThat(e.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(types(e)).last().isEqualTo("ExecutionAborted");
    }

    @Test
    void start_executionTimeoutSeconds_timesOut() {
        var sm = StateMachine.parse("{\"TimeoutSeconds\":1,\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":60,\"End\":true}}}");
        Execution e = Engine.builder().build().start(sm, null, null);
        assertThat(e.await(Duration.ofSeconds(5))).isTrue();
        assertThat(e.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(e.error()).isEqualTo(ErrorNames.TIMEOUT);
        assertThat(types(e)).last().isEqualTo("ExecutionTimedOut");
    }

    @Test
    void task_timeoutSeconds_failsWithStatesTimeoutAndTaskTimedOut() {
        var sm = StateMachine.parse("{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
                + "\"Parameters\":{\"FunctionName\":\"f\"},\"TimeoutSeconds\":1,\"End\":true}}}");
        TaskInvoker slow = r -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return json("{}");
        };
        Execution e = Engine.builder().taskInvoker(slow).build().start(sm, null, null).await();
        assertThat(e.error()).isEqualTo(ErrorNames.TIMEOUT);
        assertThat(types(e)).contains("TaskTimedOut");
    }

    @Test
    void task_resultOver256KiB_failsWithDataLimitExceeded() {
        var sm = StateMachine.parse("{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
                + "\"Parameters\":{\"FunctionName\":\"f\"},\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"Next\":\"X\"}],\"End\":true},"
                + "\"X\":{\"Type\":\"Succeed\"}}}");
        String big = "x".repeat(300_000);
        Execution e = Engine.builder().taskInvoker(r -> JSON.getNodeFactory().textNode(big)).build().start(sm, null, null).await();
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo(ErrorNames.DATA_LIMIT_EXCEEDED);
        assertThat(e.cause()).contains("256 KiB");
    }

    @Test
    void start_historyQuotaReached_failsExecution() {
        var sm = StateMachine.parse("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Next\":\"C\"},"
                + "\"C\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.stop\",\"IsPresent\":true,\"Next\":\"E\"}],\"Default\":\"A\"},"
                + "\"E\":{\"Type\":\"Succeed\"}}}");
        Execution e = Engine.builder().maxHistoryEvents(50).build().start(sm, null, null).await();
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.cause()).contains("maximum number of history events");
        assertThat(e.history()).hasSize(50);
    }

    @Test
    void parse_unknownStartAt_throwsWithEveryProblem() {
        assertThatThrownBy(() -> StateMachine.parse("{\"StartAt\":\"Nope\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}"))
                .isInstanceOf(InvalidDefinitionException.class).hasMessageContaining("Nope");
    }

    @Test
    void parse_credentials_reportedAsNotSupportedYet() {
        assertThatThrownBy(() -> StateMachine.parse("{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\","
                + "\"Resource\":\"arn:aws:states:::sqs:sendMessage.waitForTaskToken\",\"Credentials\":{\"RoleArn\":\"arn:aws:iam::1:role/r\"},\"End\":true}}}"))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("/States/T/Credentials").hasMessageContaining("not supported yet by the local engine");
    }

    @Test
    void parse_substitutions_fillPlaceholdersInStrings() {
        var sm = StateMachine.parse("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Result\":\"${Arn}/${Unknown}\",\"End\":true}}}",
                Map.of("Arn", "arn:aws:lambda:us-east-1:1:function:f"));
        Execution e = Engine.builder().build().start(sm, null, null).await();
        assertThat(e.output()).isEqualTo("\"arn:aws:lambda:us-east-1:1:function:f/${Unknown}\"");
    }

    @Test
    void listener_receivesEveryEventInOrder() {
        var seen = new CopyOnWriteArrayList<Long>();
        var sm = StateMachine.parse("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}");
        Execution e = Engine.builder().listener((ex, ev) -> seen.add(ev.id())).build().start(sm, null, null).await();
        assertThat(seen).containsExactly(1L, 2L, 3L, 4L);
        assertThat(e.historyJson().get("events").get(1).get("stateEnteredEventDetails").get("name").asText()).isEqualTo("P");
        assertThat(e.describe().get("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void distributedMap_resultWriter_writesManifestAndResultFiles() {
        var store = new InMemoryObjectStore();
        var sm = StateMachine.parse("{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"ToleratedFailurePercentage\":50,"
                + "\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"STANDARD\"},\"StartAt\":\"C\",\"States\":{"
                + "\"C\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$\",\"NumericEquals\":2,\"Next\":\"F\"}],\"Default\":\"P\"},"
                + "\"F\":{\"Type\":\"Fail\",\"Error\":\"Two\",\"Cause\":\"no twos\"},\"P\":{\"Type\":\"Pass\",\"End\":true}}},"
                + "\"ResultWriter\":{\"Resource\":\"arn:aws:states:::s3:putObject\",\"Parameters\":{\"Bucket\":\"out\",\"Prefix\":\"res\"}},\"End\":true}}}");
        Execution e = Engine.builder().itemReaderSource(store).resultWriterSink(store).build().start(sm, null, json("[1,2,3,4]")).await();
        assertThat(e.status()).as(e.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode out = json(e.output());
        String manifestKey = out.get("ResultWriterDetails").get("Key").asText();
        assertThat(manifestKey).startsWith("res/").endsWith("/manifest.json");
        JsonNode manifest = json(store.get("out", manifestKey).orElseThrow());
        assertThat(manifest.get("MapRunArn").asText()).isEqualTo(out.get("MapRunArn").asText());
        String failedKey = manifest.get("ResultFiles").get("FAILED").get(0).get("Key").asText();
        JsonNode failed = json(store.get("out", failedKey).orElseThrow());
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).get("Error").asText()).isEqualTo("Two");
        assertThat(json(store.get("out", manifest.get("ResultFiles").get("SUCCEEDED").get(0).get("Key").asText()).orElseThrow()))
                .hasSize(3);
        assertThat(types(e)).doesNotContain("PassStateEntered").contains("MapRunStarted", "MapRunSucceeded");
    }

    @Test
    void mockInvoker_countsInvocationsAcrossMapIterations() {
        var cfg = io.sfnetl.asl.mock.MockConfig.parse("{\"StateMachines\":{\"S\":{\"TestCases\":{\"T\":{\"Call\":\"R\"}}}},"
                + "\"MockedResponses\":{\"R\":{\"0\":{\"Return\":\"first\"},\"1-2\":{\"Return\":\"later\"}}}}", "inline");
        var sm = StateMachine.parse("{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"MaxConcurrency\":1,\"ItemProcessor\":{"
                + "\"StartAt\":\"Call\",\"States\":{\"Call\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:lambda:us-east-1:1:function:f\",\"End\":true}}},"
                + "\"End\":true}}}").withName("S");
        var invoker = new MockTaskInvoker(cfg.testCase("S", "T").orElseThrow());
        Execution e = Engine.builder().taskInvoker(invoker).build().start(sm, null, json("[1,2,3,4]")).await();
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo(ErrorNames.RUNTIME);
        assertThat(e.cause()).contains("invocation 3");
    }

    @Test
    void history_taskAndParallel_haveAwsDetailsAndPreviousEventIds() {
        var sm = StateMachine.parse("{\"StartAt\":\"Par\",\"States\":{\"Par\":{\"Type\":\"Parallel\",\"End\":true,\"Branches\":["
                + "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
                + "\"Parameters\":{\"FunctionName\":\"f\",\"Payload.$\":\"$\"},\"TimeoutSeconds\":30,\"End\":true}}},"
                + "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}]}}}");
        Execution e = Engine.builder().taskInvoker(r -> json("{\"StatusCode\":200,\"Payload\":1}")).build()
                .start(sm, "h", json("{\"a\":1}")).await();
        List<HistoryEvent> h = e.history();
        assertThat(h.get(0).previousEventId()).isZero();
        assertThat(h.get(0).details().get("input").asText()).isEqualTo("{\"a\":1}");
        HistoryEvent started = h.stream().filter(ev -> ev.type().equals("ParallelStateStarted")).findFirst().orElseThrow();
        List<HistoryEvent> branchFirsts = h.stream().filter(ev -> ev.type().endsWith("StateEntered")
                && !ev.type().startsWith("Parallel")).toList();
        assertThat(branchFirsts).hasSize(2).allSatisfy(ev -> assertThat(ev.previousEventId()).isEqualTo(started.id()));
        HistoryEvent scheduled = h.stream().filter(ev -> ev.type().equals("TaskScheduled")).findFirst().orElseThrow();
        assertThat(scheduled.detailsField()).isEqualTo("taskScheduledEventDetails");
        assertThat(scheduled.details().get("resourceType").asText()).isEqualTo("lambda");
        assertThat(scheduled.details().get("resource").asText()).isEqualTo("invoke");
        assertThat(scheduled.details().get("region").asText()).isEqualTo("us-east-1");
        assertThat(scheduled.details().get("timeoutInSeconds").asLong()).isEqualTo(30);
        assertThat(json(scheduled.details().get("parameters").asText())).isEqualTo(json("{\"FunctionName\":\"f\",\"Payload\":{\"a\":1}}"));
        assertThat(JSON.valueToTree(h.stream().map(HistoryEvent::id).toList()).toString()).isEqualTo(
                JSON.valueToTree(java.util.stream.LongStream.rangeClosed(1, h.size()).boxed().toList()).toString());
        assertThat(h.getLast().type()).isEqualTo("ExecutionSucceeded");
        assertThat(e.output()).isEqualTo("[{\"StatusCode\":200,\"Payload\":1},{\"a\":1}]");
    }

    @Test
    void start_inputOver256KiB_isRejected() {
        var sm = StateMachine.parse("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}");
        var big = JSON.getNodeFactory().textNode("x".repeat(300_000));
        assertThatThrownBy(() -> Engine.builder().build().start(sm, null, big))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("256 KiB");
    }

    @Test
    void stop_duringTask_recordsTaskStateAbortedAndTellsTheInvoker() throws Exception {
        var sm = StateMachine.parse("{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
                + "\"Parameters\":{\"FunctionName\":\"f\"},\"End\":true}}}");
        var started = new java.util.concurrent.CountDownLatch(1);
        var sawAbort = new java.util.concurrent.atomic.AtomicBoolean();
        TaskInvoker waiting = r -> {
            started.countDown();
            while (!r.aborted().getAsBoolean()) {
                Thread.onSpinWait();
            }
            sawAbort.set(true);
            return json("{}");
        };
        Execution e = Engine.builder().taskInvoker(waiting).build().start(sm, null, null);
        started.await();
        e.stop(null, null);
        e.await();
        assertThat(e.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(types(e)).endsWith("TaskStateAborted", "ExecutionAborted");
        Thread.sleep(200);
        assertThat(sawAbort).isTrue();
    }

    @Test
    void listener_distributedMap_receivesChildExecutionEventsWithTheirParent() {
        var events = new java.util.concurrent.ConcurrentHashMap<String, List<String>>();
        var parents = new java.util.concurrent.ConcurrentHashMap<String, String>();
        var sm = StateMachine.parse("{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"Label\":\"Chunks\",\"ItemProcessor\":{"
                + "\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"STANDARD\"},\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}},"
                + "\"End\":true}}}").withName("sm");
        Execution e = Engine.builder().listener((ex, ev) -> {
            events.computeIfAbsent(ex.executionArn(), k -> new CopyOnWriteArrayList<>()).add(ev.type());
            if (ex.parentArn() != null) {
                parents.put(ex.executionArn(), ex.parentArn());
            }
        }).build().start(sm, "p", json("[1,2,3]")).await();
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(parents).hasSize(3).allSatisfy((child, parent) -> {
            assertThat(parent).isEqualTo(e.executionArn());
            assertThat(child).startsWith("arn:aws:states:us-east-1:123456789012:execution:sm/Chunks:");
            assertThat(events.get(child)).containsExactly("ExecutionStarted", "PassStateEntered", "PassStateExited",
                    "ExecutionSucceeded");
        });
        assertThat(e.history()).hasSize(8);
    }
}
