package io.sfnetl.asl.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * One fixture per validation rule under {@code src/test/resources/asl/validation/invalid/<Rule>.json}: each is a
 * definition that is valid except for the one defect the rule catches; the test asserts the problem's JSON Pointer
 * location and part of its message.
 */
class DefinitionValidatorTest {

    private static final Path FIXTURES = Path.of("src/test/resources/asl/validation");

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("TopLevelMissingStartAt", "", "missing 'StartAt'"),
                Arguments.of("TopLevelStartAtUnknown", "/StartAt", "StartAt 'B' is not a state of this machine"),
                Arguments.of("TopLevelEmptyStates", "/States", "non-empty object"),
                Arguments.of("TopLevelUnknownField", "/Foo", "Field 'Foo' is not supported in the top level"),
                Arguments.of("TopLevelBadVersion", "/Version", "'Version' must be \"1.0\""),
                Arguments.of("TopLevelBadTimeout", "/TimeoutSeconds", "between 1 and 99999999"),
                Arguments.of("TopLevelBadQueryLanguage", "/QueryLanguage", "one of JSONPath, JSONata"),
                Arguments.of("DuplicateStateNameInBranch", "/States/A/Branches/0/States/A", "duplicate state name 'A' (also at /States/A)"),
                Arguments.of("StateMissingType", "/States/A", "missing 'Type'"),
                Arguments.of("StateUnknownType", "/States/A/Type", "one of Pass, Task"),
                Arguments.of("StateNameTooLong", "/States/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "1 to 80 characters"),
                Arguments.of("StateUnknownField", "/States/A/Foo", "Field 'Foo' is not supported in a Task state"),
                Arguments.of("StateFieldOfOtherType", "/States/A/Resource", "not supported in a Pass state (it belongs to other state types)"),
                Arguments.of("StateNextAndEnd", "/States/A", "either 'Next' or \"End\": true, not both"),
                Arguments.of("StateNeitherNextNorEnd", "/States/A", "needs 'Next'"),
                Arguments.of("StateEndFalse", "/States/A", "needs 'Next'"),
                Arguments.of("StateNextUnknown", "/States/A/Next", "'Nope' is not a state of this machine"),
                Arguments.of("StateUnreachable", "/States/Orphan", "not reachable from StartAt 'A'"),
                Arguments.of("NoTerminalState", "/States", "no terminal state is reachable"),
                Arguments.of("StateJsonataInJsonPathMachine", "/States/A/QueryLanguage", "cannot use JSONPath when the state machine's QueryLanguage is JSONata"),
                Arguments.of("JsonataStateWithInputPath", "/States/A/InputPath", "not supported in a JSONata state"),
                Arguments.of("JsonataStateWithParameters", "/States/A/Parameters", "not supported in a JSONata state"),
                Arguments.of("JsonPathStateWithArguments", "/States/A/Arguments", "only for JSONata states"),
                Arguments.of("JsonPathStateWithOutput", "/States/A/Output", "only for JSONata states"),
                Arguments.of("JsonataDollarKey", "/States/A/Arguments/a.$", "JSONata states do not use '.$' keys"),
                Arguments.of("JsonataSyntaxError", "/States/A/Output/x", "JSONata syntax error"),
                Arguments.of("JsonataUnclosed", "/States/A/Output", "must be written \"{% expression %}\""),
                Arguments.of("InputPathInvalid", "/States/A/InputPath", "not a valid JSONPath"),
                Arguments.of("OutputPathNotPath", "/States/A/OutputPath", "is not a path"),
                Arguments.of("ResultPathNotReference", "/States/A/ResultPath", "not a Reference Path"),
                Arguments.of("ParametersNotObject", "/States/A/Parameters", "'Parameters' must be an object"),
                Arguments.of("DollarKeyNotPath", "/States/A/Parameters/a.$", "is not a path"),
                Arguments.of("DollarKeyNotString", "/States/A/Parameters/n/a.$", "must hold a path or an intrinsic function as a string"),
                Arguments.of("DollarKeyBadIntrinsic", "/States/A/Parameters/a.$", "invalid intrinsic function: missing ')'"),
                Arguments.of("DollarKeyUnknownIntrinsic", "/States/A/Parameters/a.$", "unknown intrinsic function States.Concat"),
                Arguments.of("DollarKeyIntrinsicBadPath", "/States/A/Parameters/a.$", "invalid intrinsic function: '$.x[' is not a valid JSONPath"),
                Arguments.of("AssignBadVariableName", "/States/A/Assign/1x", "not a valid variable name"),
                Arguments.of("TaskMissingResource", "/States/A", "needs 'Resource'"),
                Arguments.of("TaskResourceNotArn", "/States/A/Resource", "must be an ARN"),
                Arguments.of("TaskTimeoutAndPath", "/States/A/TimeoutSecondsPath", "'TimeoutSeconds' and 'TimeoutSecondsPath' are exclusive"),
                Arguments.of("TaskTimeoutNotInteger", "/States/A/TimeoutSeconds", "use 'TimeoutSecondsPath'"),
                Arguments.of("TaskTimeoutZero", "/States/A/TimeoutSeconds", "between 1 and 99999999"),
                Arguments.of("TaskHeartbeatNotBelowTimeout", "/States/A/HeartbeatSeconds", "must be smaller than 'TimeoutSeconds' (10)"),
                Arguments.of("TaskHeartbeatPathInvalid", "/States/A/HeartbeatSecondsPath", "not a Reference Path"),
                Arguments.of("RetryNotArray", "/States/A/Retry", "must be an array of retriers"),
                Arguments.of("RetryMissingErrorEquals", "/States/A/Retry/0", "needs 'ErrorEquals'"),
                Arguments.of("RetryEmptyErrorEquals", "/States/A/Retry/0/ErrorEquals", "non-empty array"),
                Arguments.of("RetryStatesAllNotAlone", "/States/A/Retry/0/ErrorEquals/0", "must appear alone"),
                Arguments.of("RetryStatesAllNotLast", "/States/A/Retry/0/ErrorEquals/0", "must be the last one"),
                Arguments.of("RetryNegativeMaxAttempts", "/States/A/Retry/0/MaxAttempts", "between 0 and 99999999"),
                Arguments.of("RetryZeroInterval", "/States/A/Retry/0/IntervalSeconds", "between 1 and 99999999"),
                Arguments.of("RetryBackoffBelowOne", "/States/A/Retry/0/BackoffRate", "must be between 1"),
                Arguments.of("RetryMaxDelayZero", "/States/A/Retry/0/MaxDelaySeconds", "between 1 and 31622400"),
                Arguments.of("RetryBadJitter", "/States/A/Retry/0/JitterStrategy", "one of FULL, NONE"),
                Arguments.of("RetryUnknownField", "/States/A/Retry/0/Next", "not supported in a retrier"),
                Arguments.of("CatchMissingNext", "/States/A/Catch/0", "needs 'Next'"),
                Arguments.of("CatchNextUnknown", "/States/A/Catch/0/Next", "'Nope' is not a state"),
                Arguments.of("CatchStatesAllNotLast", "/States/A/Catch/0/ErrorEquals/0", "must be the last one"),
                Arguments.of("CatchOutputInJsonPath", "/States/A/Catch/0/Output", "not supported in a catcher in a JSONPath state; use ResultPath"),
                Arguments.of("CatchResultPathInJsonata", "/States/A/Catch/0/ResultPath", "not supported in a catcher in a JSONata state; use Output"),
                Arguments.of("ChoiceMissingChoices", "/States/A", "needs 'Choices'"),
                Arguments.of("ChoiceEmptyChoices", "/States/A/Choices", "non-empty array"),
                Arguments.of("ChoiceRuleMissingNext", "/States/A/Choices/0", "needs 'Next'"),
                Arguments.of("ChoiceRuleNoOperator", "/States/A/Choices/0", "exactly one comparison operator"),
                Arguments.of("ChoiceRuleTwoOperators", "/States/A/Choices/0", "found StringEquals, IsNull"),
                Arguments.of("ChoiceRuleMissingVariable", "/States/A/Choices/0", "needs 'Variable'"),
                Arguments.of("ChoiceRuleWrongOperandType", "/States/A/Choices/0/NumericEquals", "must be a number"),
                Arguments.of("ChoiceRuleBadTimestamp", "/States/A/Choices/0/TimestampEquals", "RFC 3339"),
                Arguments.of("ChoiceRulePathOperandNotPath", "/States/A/Choices/0/StringEqualsPath", "is not a path"),
                Arguments.of("ChoiceNestedNext", "/States/A/Choices/0/Not/Next", "only in a top-level choice rule"),
                Arguments.of("ChoiceAndEmpty", "/States/A/Choices/0/And", "non-empty array of choice rules"),
                Arguments.of("ChoiceDefaultUnknown", "/States/A/Default", "'Nope' is not a state"),
                Arguments.of("ChoiceJsonataMissingCondition", "/States/A/Choices/0", "needs 'Condition'"),
                Arguments.of("ChoiceJsonataWithVariable", "/States/A/Choices/0/Variable", "JSONata choice rules use \"Condition\""),
                Arguments.of("ChoiceJsonPathWithCondition", "/States/A/Choices/0/Condition", "JSONata choice rule field"),
                Arguments.of("ChoiceStateWithNext", "/States/A/Next", "not supported in a Choice state"),
                Arguments.of("WaitNoDuration", "/States/A", "exactly one of Seconds, Timestamp, SecondsPath, TimestampPath; found none"),
                Arguments.of("WaitTwoDurations", "/States/A", "found Seconds, TimestampPath"),
                Arguments.of("WaitNegativeSeconds", "/States/A/Seconds", "between 0 and 99999999"),
                Arguments.of("WaitBadTimestamp", "/States/A/Timestamp", "upper-case T and Z"),
                Arguments.of("WaitSecondsPathInJsonata", "/States/A/SecondsPath", "not supported in a JSONata state"),
                Arguments.of("FailErrorAndErrorPath", "/States/A/ErrorPath", "'Error' and 'ErrorPath' are exclusive"),
                Arguments.of("FailCauseAndCausePath", "/States/A/CausePath", "'Cause' and 'CausePath' are exclusive"),
                Arguments.of("FailWithNext", "/States/A/Next", "not supported in a Fail state"),
                Arguments.of("SucceedWithEnd", "/States/A/End", "not supported in a Succeed state"),
                Arguments.of("ParallelNoBranches", "/States/A", "needs 'Branches'"),
                Arguments.of("ParallelBranchInvalid", "/States/A/Branches/0/States/X", "needs 'Next'"),
                Arguments.of("ParallelBranchLeaves", "/States/A/Branches/0/States/X/Next", "is outside this branch"),
                Arguments.of("ParallelBranchUnknownField", "/States/A/Branches/0/TimeoutSeconds", "not supported in a Parallel branch"),
                Arguments.of("MapNoProcessor", "/States/A", "needs 'ItemProcessor'"),
                Arguments.of("MapProcessorAndIterator", "/States/A", "not both"),
                Arguments.of("MapBadMode", "/States/A/ItemProcessor/ProcessorConfig/Mode", "one of INLINE, DISTRIBUTED"),
                Arguments.of("MapDistributedNoExecutionType", "/States/A/ItemProcessor/ProcessorConfig", "needs 'ExecutionType'"),
                Arguments.of("MapBadExecutionType", "/States/A/ItemProcessor/ProcessorConfig/ExecutionType", "one of STANDARD, EXPRESS"),
                Arguments.of("MapInlineWithItemReader", "/States/A/ItemReader", "only for Distributed Map states"),
                Arguments.of("MapProcessorLeaves", "/States/A/ItemProcessor/States/X/Next", "is outside this branch or processor"),
                Arguments.of("MapItemsPathNotReference", "/States/A/ItemsPath", "not a Reference Path"),
                Arguments.of("MapNegativeMaxConcurrency", "/States/A/MaxConcurrency", "between 0 and"),
                Arguments.of("MapMaxConcurrencyAndPath", "/States/A/MaxConcurrencyPath", "exclusive"),
                Arguments.of("MapParametersAndItemSelector", "/States/A/Parameters", "keep only ItemSelector"),
                Arguments.of("MapReaderBadResource", "/States/A/ItemReader/Resource", "arn:aws:states:::s3:getObject"),
                Arguments.of("MapReaderBadInputType", "/States/A/ItemReader/ReaderConfig/InputType", "one of JSON, JSONL, CSV, MANIFEST"),
                Arguments.of("MapReaderMissingInputType", "/States/A/ItemReader/ReaderConfig", "'InputType' is required"),
                Arguments.of("MapReaderCsvNoHeaderLocation", "/States/A/ItemReader/ReaderConfig", "needs 'CSVHeaderLocation'"),
                Arguments.of("MapReaderCsvGivenNoHeaders", "/States/A/ItemReader/ReaderConfig", "needs 'CSVHeaders'"),
                Arguments.of("MapReaderCsvBadHeaderLocation", "/States/A/ItemReader/ReaderConfig/CSVHeaderLocation", "one of FIRST_ROW, GIVEN"),
                Arguments.of("MapReaderHeadersWithJson", "/States/A/ItemReader/ReaderConfig", "apply only to \"InputType\": \"CSV\""),
                Arguments.of("MapReaderMaxItemsAndPath", "/States/A/ItemReader/ReaderConfig/MaxItemsPath", "exclusive"),
                Arguments.of("MapReaderMaxItemsTooLarge", "/States/A/ItemReader/ReaderConfig/MaxItems", "between 0 and 100000000"),
                Arguments.of("MapReaderNoParameters", "/States/A/ItemReader", "needs 'Parameters'"),
                Arguments.of("MapBatcherEmpty", "/States/A/ItemBatcher", "needs 'MaxItemsPerBatch' or 'MaxInputBytesPerBatch'"),
                Arguments.of("MapBatcherTooManyBytes", "/States/A/ItemBatcher/MaxInputBytesPerBatch", "between 1 and 262144"),
                Arguments.of("MapWriterBadResource", "/States/A/ResultWriter/Resource", "arn:aws:states:::s3:putObject"),
                Arguments.of("MapWriterBadOutputType", "/States/A/ResultWriter/WriterConfig/OutputType", "one of JSON, JSONL"),
                Arguments.of("MapToleratedPercentageOver100", "/States/A/ToleratedFailurePercentage", "between 0 and 100"),
                Arguments.of("MapToleratedCountAndPath", "/States/A/ToleratedFailureCountPath", "exclusive"),
                Arguments.of("MapBadLabel", "/States/A/Label", "1 to 40 characters without whitespace"),
                Arguments.of("MapJsonataItemsPath", "/States/A/ItemsPath", "not supported in a JSONata state"),
                Arguments.of("MapJsonPathItems", "/States/A/Items", "only for JSONata states"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("rules")
    void validate_fixtureBreakingOneRule_reportsProblemAtLocation(String fixture, String location, String message) throws IOException {
        List<Problem> problems = DefinitionValidator.validate(Files.readString(FIXTURES.resolve("invalid/" + fixture + ".json")));

        assertThat(problems)
                .as("problems of %s", fixture)
                .anySatisfy(p -> {
                    assertThat(p.location()).isEqualTo(location);
                    assertThat(p.message()).contains(message);
                });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"JsonPathAllStateTypes", "JsonataAllStateTypes", "DistributedMapCsvReader"})
    void validate_validDefinition_noProblems(String fixture) throws IOException {
        assertThat(DefinitionValidator.validate(Files.readString(FIXTURES.resolve("valid/" + fixture + ".json")))).isEmpty();
    }

    @Test
    void validate_invalidJson_reportsLineAndColumn() {
        List<Problem> problems = DefinitionValidator.validate("{\n  \"StartAt\": \"A\",\n  \"States\": {,}\n}");

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.location()).isEmpty();
            assertThat(p.message()).contains("invalid JSON at line 3, column");
        });
    }

    @Test
    void validate_duplicateKey_rejectedAsJsonError() {
        assertThat(DefinitionValidator.validate("{\"StartAt\": \"A\", \"StartAt\": \"B\", \"States\": {}}"))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("Duplicate field 'StartAt'"));
    }

    @Test
    void validate_definitionOver1MiB_rejectedWithSize() {
        String big = "{\"Comment\": \"" + "x".repeat(DefinitionValidator.MAX_DEFINITION_BYTES) + "\"}";

        assertThat(DefinitionValidator.validate(big)).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("at most 1048576"));
    }

    @Test
    void validate_notAnObject_reported() {
        assertThat(DefinitionValidator.validate("[1]")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("must be a JSON object"));
    }

    @Test
    void validate_severalDefects_allReportedAtOnce() throws IOException {
        var definition = new ObjectMapper().readTree("""
                {"StartAt": "A", "States": {
                  "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Nope", "Foo": 1},
                  "B": {"Type": "Wait", "End": true}}}""");

        assertThat(DefinitionValidator.validate(definition)).extracting(Problem::location)
                .contains("/States/A/Next", "/States/A/Foo", "/States/B");
    }

    @Test
    void validate_unsupportedField_reportedAsNotSupportedYet() throws IOException {
        var definition = new ObjectMapper().readTree("""
                {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                  "Credentials": {"RoleArn": "arn:aws:iam::123456789012:role/r"}, "End": true}}}""");

        List<Problem> problems = DefinitionValidator.validate(definition, Set.of("Task.Credentials", "Resource:.waitForTaskToken"));

        assertThat(problems).anySatisfy(p -> {
            assertThat(p.location()).isEqualTo("/States/A/Credentials");
            assertThat(p.message()).contains("not supported yet by the local engine");
        });
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.location()).isEqualTo("/States/A/Resource");
            assertThat(p.message()).contains("'.waitForTaskToken' is not supported yet by the local engine");
        });
        assertThat(DefinitionValidator.validate(definition)).isEmpty();
    }
}
