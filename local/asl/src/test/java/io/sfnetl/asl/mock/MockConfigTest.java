package io.sfnetl.asl.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MockConfigTest {

    private static final Path DOC_EXAMPLE = Path.of("src/test/resources/asl/mock/MockConfigFile.json");

    @Test
    void parse_awsDocumentationExample_resolvesTestCasesAndResponses() {
        MockConfig config = MockConfig.parse(DOC_EXAMPLE);

        assertThat(config.stateMachineNames()).containsExactly("LambdaSQSIntegration");
        assertThat(config.testCaseNames("LambdaSQSIntegration")).containsExactly("HappyPath", "RetryPath", "HybridPath");
        MockConfig.TestCase hybrid = config.testCase("LambdaSQSIntegration", "HybridPath").orElseThrow();
        assertThat(hybrid.mocks("LambdaState")).isTrue();
        assertThat(hybrid.mocks("SQSState")).isFalse();
        assertThat(hybrid.response("LambdaState", 0)).isInstanceOfSatisfying(MockResponse.Return.class,
                r -> assertThat(r.value().at("/Payload/body").asText()).isEqualTo("Hello from Lambda!"));
    }

    @Test
    void response_rangeKeys_coverEveryInvocationInRangeInclusive() {
        MockConfig.TestCase retry = MockConfig.parse(DOC_EXAMPLE).testCase("LambdaSQSIntegration", "RetryPath").orElseThrow();

        assertThat(retry.response("LambdaState", 0))
                .isEqualTo(new MockResponse.Throw("Lambda.ResourceNotReadyException", "Lambda resource is not ready."));
        assertThat(retry.response("LambdaState", 1)).isEqualTo(new MockResponse.Throw("Lambda.TimeoutException", "Lambda timed out."));
        assertThat(retry.response("LambdaState", 2)).isEqualTo(new MockResponse.Throw("Lambda.TimeoutException", "Lambda timed out."));
        assertThat(retry.response("LambdaState", 3)).isInstanceOf(MockResponse.Return.class);
    }

    @Test
    void response_invocationBeyondLastKey_isNoEntryNamingStateAndKeys() {
        MockConfig.TestCase retry = MockConfig.parse(DOC_EXAMPLE).testCase("LambdaSQSIntegration", "RetryPath").orElseThrow();

        assertThat(retry.response("LambdaState", 4)).isInstanceOfSatisfying(MockResponse.NoEntry.class, n -> assertThat(n.message())
                .contains("invocation 4", "'LambdaState'", "MockedLambdaRetry", "\"0\", \"1-2\", \"3\""));
    }

    @Test
    void response_unmockedState_isNoEntry() {
        MockConfig.TestCase hybrid = MockConfig.parse(DOC_EXAMPLE).testCase("LambdaSQSIntegration", "HybridPath").orElseThrow();

        assertThat(hybrid.response("SQSState", 0)).isInstanceOfSatisfying(MockResponse.NoEntry.class,
                n -> assertThat(n.message()).contains("'SQSState' is not mocked"));
    }

    @Test
    void testCase_unknownMachineOrCase_isEmpty() {
        MockConfig config = MockConfig.parse(DOC_EXAMPLE);

        assertThat(config.testCase("Other", "HappyPath")).isEmpty();
        assertThat(config.testCase("LambdaSQSIntegration", "Nope")).isEmpty();
    }

    @Test
    void response_throwWithoutCause_hasEmptyCause() {
        MockConfig config = MockConfig.parse("""
                {"StateMachines": {"M": {"TestCases": {"T": {"S": "R"}}}},
                 "MockedResponses": {"R": {"0": {"Throw": {"Error": "Boom"}}}}}""", "inline");

        assertThat(config.testCase("M", "T").orElseThrow().response("S", 0)).isEqualTo(new MockResponse.Throw("Boom", ""));
    }

    @Test
    void parse_invalidJson_reportsLineAndColumn() {
        assertThatThrownBy(() -> MockConfig.parse("{\n  \"StateMachines\": {,\n}", "bad.json"))
                .isInstanceOf(MockConfigException.class)
                .hasMessageContaining("bad.json: invalid JSON at line 2, column");
    }

    @Test
    void parse_undefinedResponseName_reportsLocationAndSuggestion() {
        assertThatThrownBy(() -> MockConfig.parse("""
                {"StateMachines": {"M": {"TestCases": {"T": {"S": "mockedok"}}}},
                 "MockedResponses": {"MockedOk": {"0": {"Return": 1}}}}""", "m.json"))
                .isInstanceOf(MockConfigException.class)
                .hasMessageContaining("/StateMachines/M/TestCases/T/S: mocked response \"mockedok\" is not defined")
                .hasMessageContaining("did you mean \"MockedOk\"");
    }

    @Test
    void parse_badKeysOverlapsAndEntries_reportsEveryProblemWithLocation() {
        assertThatThrownBy(() -> MockConfig.parse("""
                {"StateMachines": {"M": {"TestCases": {"T": {"S": "R"}}}},
                 "MockedResponses": {"R": {
                    "0": {"Return": 1},
                    "first": {"Return": 2},
                    "3-1": {"Return": 3},
                    "0-2": {"Return": 4},
                    "5": {"Return": 5, "Throw": {"Error": "E"}},
                    "6": {"Throw": {"Cause": "no error"}},
                    "7": {"Retrun": 1}}}}""", "m.json"))
                .isInstanceOf(MockConfigException.class)
                .hasMessageContaining("/MockedResponses/R/first: invalid key \"first\"")
                .hasMessageContaining("/MockedResponses/R/3-1: range end 1 is before its start 3")
                .hasMessageContaining("/MockedResponses/R/0-2: invocations \"0-2\" overlap \"0\"")
                .hasMessageContaining("/MockedResponses/R/5: both \"Return\" and \"Throw\"")
                .hasMessageContaining("/MockedResponses/R/6/Throw/Error: missing")
                .hasMessageContaining("/MockedResponses/R/7/Retrun: unknown field");
    }

    @Test
    void parse_missingSectionsAndUnknownTopLevel_reported() {
        assertThatThrownBy(() -> MockConfig.parse("{\"StateMachine\": {}}", "m.json"))
                .isInstanceOf(MockConfigException.class)
                .hasMessageContaining("/StateMachine: unknown field")
                .hasMessageContaining("/MockedResponses: missing")
                .hasMessageContaining("/StateMachines: missing");
    }

    @Test
    void parse_missingFile_namesPath() {
        assertThatThrownBy(() -> MockConfig.parse(Path.of("does/not/exist.json")))
                .isInstanceOf(MockConfigException.class)
                .hasMessageContaining("does/not/exist.json");
    }

    @Test
    void parse_returnValueIsCopied_laterChangesDoNotLeak() {
        MockConfig config = MockConfig.parse(DOC_EXAMPLE);
        var r = (MockResponse.Return) config.testCase("LambdaSQSIntegration", "HappyPath").orElseThrow().response("LambdaState", 0);
        ((com.fasterxml.jackson.databind.node.ObjectNode) r.value()).put("StatusCode", 500);

        var again = (MockResponse.Return) config.testCase("LambdaSQSIntegration", "HappyPath").orElseThrow().response("LambdaState", 0);
        assertThat(again.value().get("StatusCode").asInt()).isEqualTo(200);
    }
}
