package io.sfnetl.local.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfnetl.asl.Engine;
import io.sfnetl.asl.TaskInvoker;
import io.sfnetl.asl.mock.MockConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionNotRedrivableException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.MapRunStatus;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.StateMachineTypeNotSupportedException;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionResponse;
import software.amazon.awssdk.services.sfn.model.SyncExecutionStatus;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionResponse;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionResultCode;
import software.amazon.awssdk.services.sfn.model.ValidationException;

/** The Step Functions API of the twin, driven only through the AWS SDK v2 {@link SfnClient}, as a user's code would. */
class StepFunctionsApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::123456789012:role/test";
    private static final String PASS = "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Result\":{\"ok\":true},"
            + "\"ResultPath\":\"$.r\",\"End\":true}}}";
    private static final String CHOICE = "{\"StartAt\":\"C\",\"States\":{\"C\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":"
            + "\"$.fail\",\"BooleanEquals\":true,\"Next\":\"F\"}],\"Default\":\"S\"},\"F\":{\"Type\":\"Fail\",\"Error\":\"Boom\","
            + "\"Cause\":\"asked to\"},\"S\":{\"Type\":\"Succeed\"}}}";
    private static final String WAIT = "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"SecondsPath\":\"$.s\","
            + "\"End\":true}}}";
    private static final String TASK = "{\"StartAt\":\"Call\",\"States\":{\"Call\":{\"Type\":\"Task\",\"Resource\":"
            + "\"arn:aws:states:::lambda:invoke\",\"Parameters\":{\"FunctionName\":\"fn\",\"Payload.$\":\"$\"},"
            + "\"OutputPath\":\"$.Payload\",\"End\":true}}}";
    private static final String DISTRIBUTED_MAP = "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"ItemsPath\":"
            + "\"$.items\",\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"STANDARD\"},"
            + "\"StartAt\":\"Double\",\"States\":{\"Double\":{\"Type\":\"Pass\",\"Parameters\":{\"v.$\":\"$\"},\"End\":true}}},"
            + "\"Label\":\"Chunks\",\"End\":true}}}";
    private static final String MOCKS = "{\"StateMachines\":{\"tasky\":{\"TestCases\":{\"Happy\":{\"Call\":\"R\"}}}},"
            + "\"MockedResponses\":{\"R\":{\"0\":{\"Return\":{\"StatusCode\":200,\"Payload\":{\"mocked\":true}}}}}}";

    private static StepFunctionsServer server;
    private static SfnClient sfn;

    @BeforeAll
    static void start() {
        TaskInvoker real = r -> JSON.createObjectNode().put("StatusCode", 200).set("Payload",
                JSON.createObjectNode().put("real", true));
        StepFunctionsService service = new StepFunctionsService(new StepFunctionsService.Config(
                () -> Engine.builder().taskInvoker(real).waitTimeScale(1), real, MockConfig.parse(MOCKS, "mocks.json"),
                "us-east-1", "123456789012", null));
        server = StepFunctionsServer.start(service, 0);
        sfn = SfnClients.local(server.endpoint());
    }

    @AfterAll
    static void stop() {
        sfn.close();
        server.close();
    }

    private static String create(String definition) {
        return create(definition, StateMachineType.STANDARD);
    }

    private static String create(String definition, StateMachineType type) {
        return create("sm-" + UUID.randomUUID().toString().substring(0, 8), definition, type);
    }

    private static String create(String name, String definition, StateMachineType type) {
        return sfn.createStateMachine(b -> b.name(name).definition(definition).roleArn(ROLE).type(type)).stateMachineArn();
    }

    private static DescribeExecutionResponse awaitDone(String executionArn) throws InterruptedException {
        return awaitDone(sfn, executionArn);
    }

    private static DescribeExecutionResponse awaitDone(SfnClient sfn, String executionArn) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(executionArn));
            if (d.status() != ExecutionStatus.RUNNING || System.nanoTime() > deadline) {
                return d;
            }
            Thread.sleep(20);
        }
    }

    private static String run(String machineArn, String input) throws InterruptedException {
        String arn = sfn.startExecution(b -> b.stateMachineArn(machineArn).input(input)).executionArn();
        awaitDone(arn);
        return arn;
    }

    // ---- state machines

    @Test
    void createStateMachine_valid_describeReturnsDefinitionTypeAndRole() {
        String arn = create("orders-" + UUID.randomUUID().toString().substring(0, 6), PASS, StateMachineType.EXPRESS);
        var d = sfn.describeStateMachine(b -> b.stateMachineArn(arn));
        assertThat(arn).startsWith("arn:aws:states:us-east-1:123456789012:stateMachine:orders-");
        assertThat(d.definition()).isEqualTo(PASS);
        assertThat(d.type()).isEqualTo(StateMachineType.EXPRESS);
        assertThat(d.roleArn()).isEqualTo(ROLE);
        assertThat(d.statusAsString()).isEqualTo("ACTIVE");
        assertThat(d.creationDate()).isNotNull();
    }

    @Test
    void createStateMachine_invalidDefinition_throwsInvalidDefinitionWithLocation() {
        String bad = "{\"StartAt\":\"X\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}";
        assertThatThrownBy(() -> create(bad)).isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("/StartAt")
                .satisfies(e -> assertThat(((SfnException) e).statusCode()).isEqualTo(400));
    }

    @Test
    void updateStateMachine_newDefinition_describeShowsIt() {
        String arn = create(PASS);
        var updated = sfn.updateStateMachine(b -> b.stateMachineArn(arn).definition(CHOICE));
        assertThat(updated.updateDate()).isNotNull();
        assertThat(sfn.describeStateMachine(b -> b.stateMachineArn(arn)).definition()).isEqualTo(CHOICE);
    }

    @Test
    void listStateMachines_maxResults_paginatesWithNextToken() {
        for (int i = 0; i < 3; i++) {
            create(PASS);
        }
        var first = sfn.listStateMachines(b -> b.maxResults(2));
        assertThat(first.stateMachines()).hasSize(2);
        assertThat(first.nextToken()).isNotNull();
        List<String> all = new ArrayList<>();
        sfn.listStateMachinesPaginator(b -> b.maxResults(2)).stateMachines().forEach(m -> all.add(m.stateMachineArn()));
        assertThat(all).hasSizeGreaterThanOrEqualTo(3).doesNotHaveDuplicates()
                .contains(first.stateMachines().get(0).stateMachineArn());
    }

    @Test
    void deleteStateMachine_thenDescribe_throwsStateMachineDoesNotExist() {
        String arn = create(PASS);
        sfn.deleteStateMachine(b -> b.stateMachineArn(arn));
        assertThatThrownBy(() -> sfn.describeStateMachine(b -> b.stateMachineArn(arn)))
                .isInstanceOf(StateMachineDoesNotExistException.class).hasMessageContaining(arn)
                .satisfies(e -> assertThat(((SfnException) e).statusCode()).isEqualTo(400));
    }

    @Test
    void validateStateMachineDefinition_invalidAndValid_reportsDiagnostics() {
        ValidateStateMachineDefinitionResponse bad = sfn.validateStateMachineDefinition(b -> b.definition(
                "{\"StartAt\":\"X\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}"));
        assertThat(bad.result()).isEqualTo(ValidateStateMachineDefinitionResultCode.FAIL);
        assertThat(bad.diagnostics()).isNotEmpty();
        assertThat(bad.diagnostics().get(0).location()).isEqualTo("/StartAt");
        assertThat(bad.diagnostics().get(0).severityAsString()).isEqualTo("ERROR");
        assertThat(sfn.validateStateMachineDefinition(b -> b.definition(PASS)).result())
                .isEqualTo(ValidateStateMachineDefinitionResultCode.OK);
    }

    // ---- executions

    @Test
    void startExecution_passMachine_succeedsWithOutput() throws Exception {
        String machine = create(PASS);
        var started = sfn.startExecution(b -> b.stateMachineArn(machine).name("first").input("{\"a\":1}"));
        assertThat(started.executionArn()).endsWith(":first").contains(":execution:");
        DescribeExecutionResponse d = awaitDone(started.executionArn());
        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(JSON.readTree(d.output())).isEqualTo(JSON.readTree("{\"a\":1,\"r\":{\"ok\":true}}"));
        assertThat(d.input()).isEqualTo("{\"a\":1}");
        assertThat(d.stateMachineArn()).isEqualTo(machine);
        assertThat(d.stopDate()).isAfterOrEqualTo(d.startDate());
    }

    @Test
    void startExecution_testCaseSuffix_usesMockedResponseElseRealInvoker() throws Exception {
        String machine = create("tasky-" + UUID.randomUUID().toString().substring(0, 4), TASK, StateMachineType.STANDARD);
        // the mock configuration names the machine "tasky"; the other one has no test cases and calls the real invoker
        String tasky = create("tasky", TASK, StateMachineType.STANDARD);
        String mocked = sfn.startExecution(b -> b.stateMachineArn(tasky + "#Happy")).executionArn();
        assertThat(JSON.readTree(awaitDone(mocked).output()).get("mocked").asBoolean()).isTrue();
        String real = run(machine, "{}");
        assertThat(JSON.readTree(awaitDone(real).output()).get("real").asBoolean()).isTrue();
        assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(tasky + "#Nope")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("Nope").hasMessageContaining("Happy");
    }

    @Test
    void startSyncExecution_express_returnsOutputAndStandardIsRejected() throws Exception {
        String express = create(PASS, StateMachineType.EXPRESS);
        StartSyncExecutionResponse r = sfn.startSyncExecution(b -> b.stateMachineArn(express).input("{\"b\":2}"));
        assertThat(r.status()).isEqualTo(SyncExecutionStatus.SUCCEEDED);
        assertThat(JSON.readTree(r.output()).get("r").get("ok").asBoolean()).isTrue();
        assertThat(r.executionArn()).contains(":express:").doesNotContain(":execution:");
        assertThat(r.billingDetails().billedDurationInMilliseconds()).isPositive();

        String failing = create(CHOICE, StateMachineType.EXPRESS);
        StartSyncExecutionResponse f = sfn.startSyncExecution(b -> b.stateMachineArn(failing).input("{\"fail\":true}"));
        assertThat(f.status()).isEqualTo(SyncExecutionStatus.FAILED);
        assertThat(f.error()).isEqualTo("Boom");
        assertThat(f.cause()).isEqualTo("asked to");

        String standard = create(PASS);
        assertThatThrownBy(() -> sfn.startSyncExecution(b -> b.stateMachineArn(standard)))
                .isInstanceOf(StateMachineTypeNotSupportedException.class).hasMessageContaining("EXPRESS");
    }

    @Test
    void describeExecution_failedExecution_hasErrorAndCause() throws Exception {
        String machine = create(CHOICE);
        DescribeExecutionResponse d = awaitDone(run(machine, "{\"fail\":true}"));
        assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(d.error()).isEqualTo("Boom");
        assertThat(d.cause()).isEqualTo("asked to");
        assertThat(d.output()).isNull();
    }

    @Test
    void listExecutions_statusFilterAndMaxResults_filtersAndPaginates() throws Exception {
        String machine = create(CHOICE);
        for (int i = 0; i < 3; i++) {
            run(machine, "{\"fail\":false}");
        }
        String failed = run(machine, "{\"fail\":true}");
        ListExecutionsResponse onlyFailed = sfn.listExecutions(b -> b.stateMachineArn(machine)
                .statusFilter(ExecutionStatus.FAILED));
        assertThat(onlyFailed.executions()).extracting(e -> e.executionArn()).containsExactly(failed);

        ListExecutionsResponse page1 = sfn.listExecutions(b -> b.stateMachineArn(machine).maxResults(3));
        assertThat(page1.executions()).hasSize(3);
        assertThat(page1.nextToken()).isNotNull();
        run(machine, "{\"fail\":false}"); // a newer execution between pages shifts nothing
        ListExecutionsResponse page2 = sfn.listExecutions(b -> b.stateMachineArn(machine).maxResults(3)
                .nextToken(page1.nextToken()));
        assertThat(page2.executions()).hasSize(1);
        assertThat(page2.nextToken()).isNull();
        // newest first, as AWS lists them
        assertThat(page1.executions().get(0).startDate()).isAfterOrEqualTo(page2.executions().get(0).startDate());
        assertThat(page2.executions()).extracting(e -> e.executionArn())
                .doesNotContainAnyElementsOf(page1.executions().stream().map(e -> e.executionArn()).toList());
        assertThatThrownBy(() -> sfn.listExecutions(b -> b.stateMachineArn(machine).nextToken("garbage!")))
                .isInstanceOf(software.amazon.awssdk.services.sfn.model.InvalidTokenException.class);
    }

    @Test
    void getExecutionHistory_paginationAndReverseOrder_returnsEveryEventOnce() throws Exception {
        String machine = create(PASS);
        String exec = run(machine, "{}");
        List<HistoryEvent> all = sfn.getExecutionHistory(b -> b.executionArn(exec)).events();
        assertThat(all).extracting(HistoryEvent::type).containsExactly(HistoryEventType.EXECUTION_STARTED,
                HistoryEventType.PASS_STATE_ENTERED, HistoryEventType.PASS_STATE_EXITED,
                HistoryEventType.EXECUTION_SUCCEEDED);
        assertThat(all.get(0).executionStartedEventDetails().input()).isEqualTo("{}");
        assertThat(all.get(1).stateEnteredEventDetails().name()).isEqualTo("P");
        assertThat(all).extracting(HistoryEvent::id).containsExactly(1L, 2L, 3L, 4L);

        GetExecutionHistoryResponse p1 = sfn.getExecutionHistory(b -> b.executionArn(exec).maxResults(3));
        assertThat(p1.events()).hasSize(3);
        GetExecutionHistoryResponse p2 = sfn.getExecutionHistory(b -> b.executionArn(exec).maxResults(3)
                .nextToken(p1.nextToken()));
        assertThat(p2.events()).extracting(HistoryEvent::id).containsExactly(4L);
        assertThat(p2.nextToken()).isNull();

        List<Long> reversed = new ArrayList<>();
        sfn.getExecutionHistoryPaginator(b -> b.executionArn(exec).reverseOrder(true).maxResults(1)).events()
                .forEach(e -> reversed.add(e.id()));
        assertThat(reversed).containsExactly(4L, 3L, 2L, 1L);

        HistoryEvent noData = sfn.getExecutionHistory(b -> b.executionArn(exec).includeExecutionData(false))
                .events().get(0);
        assertThat(noData.executionStartedEventDetails().input()).isNull();
    }

    @Test
    void stopExecution_waitingExecution_isAbortedWithErrorAndCause() throws Exception {
        String machine = create(WAIT);
        String exec = sfn.startExecution(b -> b.stateMachineArn(machine).input("{\"s\":60}")).executionArn();
        assertThat(sfn.describeExecution(b -> b.executionArn(exec)).status()).isEqualTo(ExecutionStatus.RUNNING);
        var stopped = sfn.stopExecution(b -> b.executionArn(exec).error("Manual").cause("test stop"));
        assertThat(stopped.stopDate()).isNotNull();
        DescribeExecutionResponse d = awaitDone(exec);
        assertThat(d.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(d.error()).isEqualTo("Manual");
        assertThat(d.cause()).isEqualTo("test stop");
        assertThat(sfn.listExecutions(b -> b.stateMachineArn(machine).statusFilter(ExecutionStatus.ABORTED))
                .executions()).hasSize(1);
    }

    @Test
    void redriveExecution_succeededExecution_throwsExecutionNotRedrivable() throws Exception {
        String machine = create(PASS);
        String exec = run(machine, "{}");
        assertThatThrownBy(() -> sfn.redriveExecution(b -> b.executionArn(exec)))
                .isInstanceOf(ExecutionNotRedrivableException.class).hasMessageContaining("SUCCEEDED");
    }

    @Test
    void redriveExecution_failedWithRedriverHook_callsTheHook() throws Exception {
        java.util.List<String> redriven = new java.util.concurrent.CopyOnWriteArrayList<>();
        TaskInvoker none = TaskInvoker.unavailable();
        StepFunctionsService service = new StepFunctionsService(new StepFunctionsService.Config(
                () -> Engine.builder().taskInvoker(none), none, null, "us-east-1", "123456789012", null,
                (engine, failed) -> {
                    redriven.add(failed.executionArn());
                    return failed;
                }));
        try (StepFunctionsServer other = StepFunctionsServer.start(service, 0);
                var client = SfnClients.local(other.endpoint())) {
            String machine = client.createStateMachine(b -> b.name("c").definition(CHOICE).roleArn(ROLE)).stateMachineArn();
            String exec = client.startExecution(b -> b.stateMachineArn(machine).input("{\"fail\":true}")).executionArn();
            while (client.describeExecution(b -> b.executionArn(exec)).status() == ExecutionStatus.RUNNING) {
                Thread.sleep(10);
            }
            assertThat(client.redriveExecution(b -> b.executionArn(exec)).redriveDate()).isNotNull();
            assertThat(redriven).containsExactly(exec);
        }
    }

    @Test
    void redriveExecution_failedTask_rerunsFromTheFailedStateUnderTheSameArn() throws Exception {
        // the task fails on its first invocation and succeeds on the second: a redrive re-runs only the failed state
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        TaskInvoker flaky = r -> {
            if (calls.incrementAndGet() == 1) {
                throw new io.sfnetl.asl.StatesError("Boom", "first call fails");
            }
            return JSON.createObjectNode().put("StatusCode", 200).set("Payload", JSON.createObjectNode().put("ok", 1));
        };
        StepFunctionsService service = new StepFunctionsService(new StepFunctionsService.Config(
                () -> Engine.builder().taskInvoker(flaky), flaky, null, "us-east-1", "123456789012", null));
        String twoStates = "{\"StartAt\":\"First\",\"States\":{\"First\":{\"Type\":\"Pass\",\"Result\":1,"
                + "\"ResultPath\":\"$.first\",\"Next\":\"Call\"},\"Call\":{\"Type\":\"Task\",\"Resource\":"
                + "\"arn:aws:states:::lambda:invoke\",\"Parameters\":{\"FunctionName\":\"fn\"},\"OutputPath\":\"$.Payload\","
                + "\"End\":true}}}";
        try (StepFunctionsServer other = StepFunctionsServer.start(service, 0);
                var client = SfnClients.local(other.endpoint())) {
            String machine = client.createStateMachine(b -> b.name("r").definition(twoStates).roleArn(ROLE))
                    .stateMachineArn();
            String exec = client.startExecution(b -> b.stateMachineArn(machine)).executionArn();
            DescribeExecutionResponse failed = awaitDone(client, exec);
            assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(failed.redriveStatusAsString()).isEqualTo("REDRIVABLE");

            assertThat(client.redriveExecution(b -> b.executionArn(exec)).redriveDate()).isNotNull();
            DescribeExecutionResponse d = awaitDone(client, exec);
            assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(d.redriveCount()).isEqualTo(1);
            assertThat(d.redriveDate()).isNotNull();
            assertThat(JSON.readTree(d.output()).get("ok").asInt()).isEqualTo(1);
            List<HistoryEventType> types = client.getExecutionHistory(b -> b.executionArn(exec)).events().stream()
                    .map(HistoryEvent::type).toList();
            assertThat(types).contains(HistoryEventType.EXECUTION_REDRIVEN);
            assertThat(types.stream().filter(t -> t == HistoryEventType.PASS_STATE_ENTERED)).as("First ran once").hasSize(1);
            assertThat(calls.get()).isEqualTo(2);
            assertThatThrownBy(() -> client.redriveExecution(b -> b.executionArn(exec)))
                    .isInstanceOf(ExecutionNotRedrivableException.class).hasMessageContaining("SUCCEEDED");
        }
    }

    @Test
    void listMapRunsAndDescribeMapRun_distributedMap_reportChildrenAndCounts() throws Exception {
        String machine = create(DISTRIBUTED_MAP);
        String exec = run(machine, "{\"items\":[1,2,3]}");
        DescribeExecutionResponse d = awaitDone(exec);
        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode out = JSON.readTree(d.output());
        assertThat(out).hasSize(3);

        var runs = sfn.listMapRuns(b -> b.executionArn(exec)).mapRuns();
        assertThat(runs).hasSize(1);
        String mapRunArn = runs.get(0).mapRunArn();
        assertThat(mapRunArn).contains(":mapRun:").contains("/Chunks:");
        var run = sfn.describeMapRun(b -> b.mapRunArn(mapRunArn));
        assertThat(run.status()).isEqualTo(MapRunStatus.SUCCEEDED);
        assertThat(run.executionArn()).isEqualTo(exec);
        assertThat(run.itemCounts().total()).isEqualTo(3);
        assertThat(run.itemCounts().succeeded()).isEqualTo(3);
        assertThat(run.executionCounts().succeeded()).isEqualTo(3);

        var children = sfn.listExecutions(b -> b.mapRunArn(mapRunArn)).executions();
        assertThat(children).hasSize(3).allSatisfy(c -> assertThat(c.mapRunArn()).isEqualTo(mapRunArn));
        assertThat(sfn.describeExecution(b -> b.executionArn(children.get(0).executionArn())).status())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        // children are not listed under the parent's state machine
        assertThat(sfn.listExecutions(b -> b.stateMachineArn(machine)).executions()).hasSize(1);
    }

    @Test
    void track_executionStartedOutsideTheApi_isDescribedAndListed() throws Exception {
        String machine = create(PASS);
        String name = machine.substring(machine.lastIndexOf(':') + 1);
        var engine = Engine.builder().taskInvoker(TaskInvoker.unavailable()).arnParts("us-east-1", "123456789012").build();
        var resumed = engine.start(io.sfnetl.asl.StateMachine.parse(PASS).withName(name), "resumed",
                JSON.readTree("{\"x\":1}"));
        resumed.await();
        server.service().track(resumed);
        DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(resumed.executionArn()));
        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(sfn.listExecutions(b -> b.stateMachineArn(machine)).executions())
                .extracting(e -> e.name()).containsExactly("resumed");
    }

    // ---- errors

    @Test
    void describeExecution_unknownExecution_throwsExecutionDoesNotExist400() {
        String arn = "arn:aws:states:us-east-1:123456789012:execution:nope:nope";
        assertThatThrownBy(() -> sfn.describeExecution(b -> b.executionArn(arn)))
                .isInstanceOf(ExecutionDoesNotExistException.class).hasMessageContaining(arn)
                .satisfies(e -> assertThat(((SfnException) e).statusCode()).isEqualTo(400))
                .satisfies(e -> assertThat(((SfnException) e).awsErrorDetails().errorCode())
                        .isEqualTo("ExecutionDoesNotExist"));
    }

    @Test
    void startExecution_unknownStateMachine_throwsStateMachineDoesNotExist() {
        assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(
                "arn:aws:states:us-east-1:123456789012:stateMachine:missing")))
                .isInstanceOf(StateMachineDoesNotExistException.class).hasMessageContaining("missing");
    }

    @Test
    void describeExecution_malformedArn_throwsInvalidArn() {
        assertThatThrownBy(() -> sfn.describeExecution(b -> b.executionArn("not-an-arn")))
                .isInstanceOf(InvalidArnException.class).hasMessageContaining("not-an-arn")
                .satisfies(e -> assertThat(((SfnException) e).statusCode()).isEqualTo(400));
    }

    @Test
    void listExecutions_neitherMachineNorMapRun_throwsValidationException() {
        assertThatThrownBy(() -> sfn.listExecutions(b -> b.maxResults(1)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("stateMachineArn")
                .satisfies(e -> assertThat(((SfnException) e).statusCode()).isEqualTo(400));
    }

    @Test
    void startExecution_inputNotJson_throwsInvalidExecutionInput() {
        String machine = create(PASS);
        assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(machine).input("{oops")))
                .isInstanceOf(software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException.class)
                .hasMessageContaining("line 1");
    }
}
