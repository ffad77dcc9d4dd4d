package io.sfnetl.asl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfnetl.asl.mock.MockConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The project's own definition, statemachine/etl.asl.json, run with mocked Lambdas and an in-memory S3. */
class EtlDefinitionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DEFINITION = Path.of("../../statemachine/etl.asl.json");
    private static final Map<String, String> SUBSTITUTIONS = Map.of(
            "PrepareFunctionArn", "arn:aws:lambda:us-east-1:123456789012:function:Prepare",
            "ValidateFunctionArn", "arn:aws:lambda:us-east-1:123456789012:function:Validate",
            "TransformFunctionArn", "arn:aws:lambda:us-east-1:123456789012:function:Transform",
            "LoadFunctionArn", "arn:aws:lambda:us-east-1:123456789012:function:Load",
            "FinalizeFunctionArn", "arn:aws:lambda:us-east-1:123456789012:function:Finalize",
            "DataBucket", "data");

    private static final String MOCKS = """
            {"StateMachines": {"etl": {"TestCases": {"TwoChunks": {
                "Prepare": "PlanTwoChunks", "Validate": "ValidateCursorThenDone", "Transform": "StageDone",
                "Load": "StageDone", "Finalize": "Summary"}}}},
             "MockedResponses": {
               "PlanTwoChunks": {"0": {"Return": {"StatusCode": 200, "Payload": {"done": true, "cursor": null, "run": "r1",
                   "spec": {}, "manifest": {"bucket": "data", "key": "runs/r1/manifest.json"},
                   "config": {"maxConcurrency": 1, "toleratedFailurePercentage": 0, "maxRejectPercent": 5,
                     "taskTimeoutSeconds": {"validate": 900, "transform": 900, "load": 900, "finalize": 900}}}}}},
               "ValidateCursorThenDone": {
                 "0": {"Throw": {"Error": "Lambda.ServiceException", "Cause": "throttled"}},
                 "1": {"Return": {"StatusCode": 200, "Payload": {"done": false, "cursor": "c1", "written": ["s/0/a"], "rejected": [], "counts": {"read": 1}}}},
                 "2-3": {"Return": {"StatusCode": 200, "Payload": {"done": true, "cursor": null, "written": ["s/x"], "rejected": [], "counts": {"read": 2}}}}},
               "StageDone": {"0-9": {"Return": {"StatusCode": 200, "Payload": {"done": true, "cursor": null, "written": ["s/y"], "rejected": [], "counts": {}}}}},
               "Summary": {"0": {"Return": {"StatusCode": 200, "Payload": {"status": "OK", "rows": 4}}}}}}
            """;

    @Test
    void etlDefinition_twoChunksWithCursorAndRetry_succeedsWithSummaryAndSmallParentHistory() throws Exception {
        StateMachine sm = StateMachine.parse(Files.readString(DEFINITION), SUBSTITUTIONS).withName("etl");
        var store = new InMemoryObjectStore();
        store.put("data", "runs/r1/manifest.json", """
                [{"chunk": 0, "read": {"object": "in/a.csv", "start": 0, "end": 10}, "source": "s3://data/in/a.csv"},
                 {"chunk": 1, "read": {"object": "in/a.csv", "start": 10, "end": 20}, "source": "s3://data/in/a.csv"}]""");
        var invoker = new MockTaskInvoker(MockConfig.parse(MOCKS, "inline").testCase("etl", "TwoChunks").orElseThrow());
        Execution e = Engine.builder().taskInvoker(invoker).itemReaderSource(store).resultWriterSink(store)
                .waitTimeScale(0).build().start(sm, "run-1", JSON.readTree("{\"dataset\": \"s3://data/spec.json\"}")).await();

        assertThat(e.status()).as("%s: %s", e.error(), e.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(JSON.readTree(e.output())).isEqualTo(JSON.readTree("{\"status\": \"OK\", \"rows\": 4}"));
        List<String> types = e.history().stream().map(HistoryEvent::type).toList();
        assertThat(types).contains("MapRunStarted", "MapRunSucceeded");
        assertThat(types.stream().filter(t -> t.equals("TaskStateEntered")).count()).as("only Prepare and Finalize").isEqualTo(2);
        List<String> results = store.keys("data").stream().filter(k -> k.startsWith("results/")).toList();
        assertThat(results).anyMatch(k -> k.endsWith("/manifest.json")).anyMatch(k -> k.endsWith("/SUCCEEDED_0.json"));
        String succeeded = store.get("data", results.stream().filter(k -> k.endsWith("SUCCEEDED_0.json")).findFirst().orElseThrow())
                .orElseThrow();
        JsonNode entries = JSON.readTree(succeeded);
        assertThat(entries).hasSize(2);
        JsonNode chunkResult = JSON.readTree(entries.get(0).get("Output").asText());
        assertThat(chunkResult.get("done").asBoolean()).isTrue();
        assertThat(chunkResult.has("counts")).as("the chunk result is shaped as Load returns it").isTrue();
    }
}
