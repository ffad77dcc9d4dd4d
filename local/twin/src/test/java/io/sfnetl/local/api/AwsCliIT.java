package io.sfnetl.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfnetl.asl.Engine;
import io.sfnetl.asl.TaskInvoker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The twin's Step Functions API driven by the AWS CLI ({@code aws stepfunctions --endpoint-url ...}), as a user would.
 * Needs {@code aws} on the PATH ({@code .ci/run} installs it: {@code apt-get install awscli}).
 */
class AwsCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static StepFunctionsServer server;
    @TempDir static Path dir;

    @BeforeAll
    static void start() {
        TaskInvoker none = TaskInvoker.unavailable();
        server = StepFunctionsServer.start(new StepFunctionsService(new StepFunctionsService.Config(
                () -> Engine.builder().taskInvoker(none), none, null, "us-east-1", "123456789012", null)), 0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private record Run(int code, String stdout, String stderr) {
        JsonNode json() throws IOException {
            return JSON.readTree(stdout);
        }
    }

    private static Run aws(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("aws", "stepfunctions", "--endpoint-url",
                server.endpoint().toString(), "--output", "json"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", dir.resolve("none-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("none-credentials").toString());
        env.put("AWS_PAGER", "");
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("aws " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void awsCli_createStartDescribeHistory_runsAWorkflowOnTheTwin() throws Exception {
        Path def = Files.writeString(dir.resolve("def.json"), "{\"StartAt\":\"Hello\",\"States\":{\"Hello\":{\"Type\":"
                + "\"Pass\",\"Parameters\":{\"greeting.$\":\"States.Format('hello {}', $.who)\"},\"End\":true}}}");
        Run created = aws("create-state-machine", "--name", "hello", "--definition", "file://" + def,
                "--role-arn", "arn:aws:iam::123456789012:role/local");
        assertThat(created.code()).as(created.stderr()).isZero();
        String machine = created.json().get("stateMachineArn").asText();
        assertThat(machine).isEqualTo("arn:aws:states:us-east-1:123456789012:stateMachine:hello");
        assertThat(created.json().get("creationDate").asText()).isNotBlank();

        Run started = aws("start-execution", "--state-machine-arn", machine, "--name", "cli-1",
                "--input", "{\"who\":\"cli\"}");
        assertThat(started.code()).as(started.stderr()).isZero();
        String exec = started.json().get("executionArn").asText();
        assertThat(exec).endsWith(":execution:hello:cli-1");

        JsonNode described = null;
        for (int i = 0; i < 50; i++) {
            Run d = aws("describe-execution", "--execution-arn", exec);
            assertThat(d.code()).as(d.stderr()).isZero();
            described = d.json();
            if (!described.get("status").asText().equals("RUNNING")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(described.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(JSON.readTree(described.get("output").asText()).get("greeting").asText()).isEqualTo("hello cli");

        Run history = aws("get-execution-history", "--execution-arn", exec);
        assertThat(history.code()).as(history.stderr()).isZero();
        List<String> types = new ArrayList<>();
        history.json().get("events").forEach(e -> types.add(e.get("type").asText()));
        assertThat(types).containsExactly("ExecutionStarted", "PassStateEntered", "PassStateExited",
                "ExecutionSucceeded");
    }

    @Test
    void awsCli_unknownExecution_printsExecutionDoesNotExistAndFails() throws Exception {
        Run r = aws("describe-execution", "--execution-arn",
                "arn:aws:states:us-east-1:123456789012:execution:hello:missing");
        assertThat(r.code()).isNotZero();
        assertThat(r.stderr()).contains("ExecutionDoesNotExist").contains("missing");
    }
}
