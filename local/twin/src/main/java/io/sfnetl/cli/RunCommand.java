package io.sfnetl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfnetl.asl.Engine;
import io.sfnetl.asl.Execution;
import io.sfnetl.asl.ExecutionStatus;
import io.sfnetl.asl.InMemoryObjectStore;
import io.sfnetl.asl.MockTaskInvoker;
import io.sfnetl.asl.StateMachine;
import io.sfnetl.asl.TaskInvoker;
import io.sfnetl.asl.mock.MockConfig;
import io.sfnetl.cli.ExitCodes.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code etl run}: runs any ASL definition on the local engine to completion and prints one DescribeExecution-shaped
 * JSON object to stdout. Exit 0 SUCCEEDED, 1 any other final status, 2 invalid definition, input or usage.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run an ASL definition locally to completion; print DescribeExecution-shaped JSON.")
public final class RunCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--definition", required = true, description = "The ASL definition file.")
    Path definition;

    @Option(names = "--input", defaultValue = "{}", description = "Execution input: a JSON file or a JSON literal (default: {}).")
    String input;

    @Option(names = "--mock-config", description = "A Step Functions Local mock configuration file.")
    Path mockConfig;

    @Option(names = "--state-machine-name", description = "State machine name (ARNs; mock-config lookup). Default: the file name without extension.")
    String stateMachineName;

    @Option(names = "--test-case", description = "The mock-config test case to use.")
    String testCase;

    @Option(names = "--wait-time-scale", defaultValue = "1", description = "Multiplies every Wait and Retry delay; 0 makes them instant (default: ${DEFAULT-VALUE}).")
    double waitTimeScale;

    @Option(names = "--history", description = "Write the execution history here, as get-execution-history prints it.")
    Path history;

    @Option(names = "--substitutions", description = "A JSON object of ${Name} placeholder values (like CDK definitionSubstitutions).")
    Path substitutions;

    @Option(names = "--name", description = "Execution name (default: a UUID).")
    String name;

    @Override
    public Integer call() throws IOException {
        if (waitTimeScale < 0) {
            throw new UserError("--wait-time-scale must be >= 0, not " + waitTimeScale);
        }
        String smName = stateMachineName != null ? stateMachineName
                : definition.getFileName().toString().replaceFirst("\\.asl\\.json$|\\.json$", "");
        StateMachine machine = StateMachine.parse(read(definition, "--definition"), substitutions()).withName(smName);
        JsonNode in = input();
        TaskInvoker invoker = invoker(smName);
        var store = new InMemoryObjectStore();
        Engine engine = Engine.builder().taskInvoker(invoker).waitTimeScale(waitTimeScale)
                .itemReaderSource(store).resultWriterSink(store).build();
        Execution execution = engine.start(machine, name, in).await();
        if (history != null) {
            Files.writeString(history, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(execution.historyJson()));
        }
        System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(execution.describe()));
        if (execution.status() != ExecutionStatus.SUCCEEDED) {
            System.err.println("execution " + execution.status() + ": " + execution.error() + ": " + execution.cause());
        }
        return execution.status() == ExecutionStatus.SUCCEEDED ? ExitCodes.OK : ExitCodes.UNSUCCESSFUL;
    }

    private TaskInvoker invoker(String smName) {
        if (mockConfig == null) {
            if (testCase != null) {
                throw new UserError("--test-case needs --mock-config FILE");
            }
            return TaskInvoker.unavailable();
        }
        if (testCase == null) {
            throw new UserError("--mock-config needs --test-case CASE (and --state-machine-name NAME)");
        }
        if (!Files.exists(mockConfig)) {
            throw new UserError("--mock-config: file not found: " + mockConfig);
        }
        MockConfig config = MockConfig.parse(mockConfig);
        var tc = config.testCase(smName, testCase).orElseThrow(() -> new UserError("test case '" + testCase
                + "' of state machine '" + smName + "' is not in " + mockConfig + "; it has state machines "
                + config.stateMachineNames() + (config.testCaseNames(smName).isEmpty() ? ""
                        : " and test cases " + config.testCaseNames(smName)) + " (set --state-machine-name)"));
        return new MockTaskInvoker(tc);
    }

    private JsonNode input() {
        return jsonArgument("--input", input, "{\"orderId\": \"42\"}");
    }

    /**
     * An option that takes a JSON file or a JSON literal: the file's content when {@code value} names a file, else
     * {@code value} itself. A parse error says which of the two it was, and where the problem is.
     *
     * @param example a valid value, shown in the error
     */
    static JsonNode jsonArgument(String option, String value, String example) {
        Path file = Path.of(value);
        boolean isFile = Files.isRegularFile(file);
        try {
            return JSON.readTree(isFile ? read(file, option) : value);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new UserError(isFile
                    ? option + ": " + file + " is not valid JSON" + where + ": " + e.getOriginalMessage()
                            + "; fix the file (a valid one looks like " + example + ")"
                    : option + " is neither an existing file nor valid JSON (" + e.getOriginalMessage() + where
                            + "); give a file, or a JSON value like " + example);
        }
    }

    private Map<String, String> substitutions() {
        if (substitutions == null) {
            return Map.of();
        }
        JsonNode subs;
        try {
            subs = JSON.readTree(read(substitutions, "--substitutions"));
        } catch (IOException e) {
            throw new UserError("--substitutions " + substitutions + " is not valid JSON: " + e.getMessage());
        }
        if (subs == null || !subs.isObject()) {
            throw new UserError("--substitutions " + substitutions + " must hold a JSON object of names to strings");
        }
        var out = new LinkedHashMap<String, String>();
        subs.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText()
                : e.getValue().toString()));
        return out;
    }

    static String read(Path file, String option) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UserError(option + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")");
        }
    }
}
