package io.sfnetl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;

    private record Result(int code, String out) {
    }

    private static Result etl(String... args) {
        PrintStream old = System.out;
        var buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = Etl.commandLine().execute(args);
            return new Result(code, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void run_mockedTask_printsDescribeExecutionAndExits0() throws Exception {
        Path def = Files.writeString(dir.resolve("sm.asl.json"), "{\"StartAt\":\"Call\",\"States\":{\"Call\":{\"Type\":\"Task\","
                + "\"Resource\":\"arn:aws:states:::lambda:invoke\",\"Parameters\":{\"FunctionName\":\"${Fn}\",\"Payload.$\":\"$\"},"
                + "\"OutputPath\":\"$.Payload\",\"End\":true}}}");
        Path mock = Files.writeString(dir.resolve("mock.json"), "{\"StateMachines\":{\"sm\":{\"TestCases\":{\"Ok\":{\"Call\":\"R\"}}}},"
                + "\"MockedResponses\":{\"R\":{\"0\":{\"Return\":{\"StatusCode\":200,\"Payload\":{\"ok\":true}}}}}}");
        Path subs = Files.writeString(dir.resolve("subs.json"), "{\"Fn\":\"arn:aws:lambda:us-east-1:1:function:f\"}");
        Path history = dir.resolve("history.json");
        Result r = etl("run", "--definition", def.toString(), "--input", "{\"a\":1}", "--mock-config", mock.toString(),
                "--test-case", "Ok", "--substitutions", subs.toString(), "--history", history.toString(), "--wait-time-scale", "0");
        assertThat(r.code()).isZero();
        JsonNode d = JSON.readTree(r.out());
        assertThat(d.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(d.get("output").asText()).isEqualTo("{\"ok\":true}");
        assertThat(d.get("executionArn").asText()).startsWith("arn:aws:states:us-east-1:123456789012:execution:sm:");
        assertThat(JSON.readTree(history.toFile()).get("events").get(0).get("type").asText()).isEqualTo("ExecutionStarted");
    }

    @Test
    void run_failState_exits1WithErrorAndCause() throws Exception {
        Path def = Files.writeString(dir.resolve("f.json"), "{\"StartAt\":\"F\",\"States\":{\"F\":{\"Type\":\"Fail\",\"Error\":\"E\",\"Cause\":\"C\"}}}");
        Result r = etl("run", "--definition", def.toString());
        assertThat(r.code()).isEqualTo(1);
        JsonNode d = JSON.readTree(r.out());
        assertThat(d.get("status").asText()).isEqualTo("FAILED");
        assertThat(d.get("error").asText()).isEqualTo("E");
        assertThat(d.get("cause").asText()).isEqualTo("C");
    }

    @Test
    void run_missingDefinition_exits2() {
        assertThat(etl("run", "--definition", dir.resolve("none.json").toString()).code()).isEqualTo(2);
    }

    @Test
    void validate_invalidDefinition_printsLocationAndExits2() throws Exception {
        Path def = Files.writeString(dir.resolve("bad.json"), "{\"StartAt\":\"X\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}");
        Result r = etl("validate", def.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("/StartAt");
        Path good = Files.writeString(dir.resolve("good.json"), "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}");
        Result ok = etl("validate", good.toString());
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).isEmpty();
    }

    @Test
    void startAndRun_inputFileWithBrokenJson_namesTheFileAndWhere() throws Exception {
        Path bad = Files.writeString(dir.resolve("input.json"), "{\"dataset\": \"orders.spec.json\",\n  \"source\": }\n");
        Path def = Files.writeString(dir.resolve("p.asl.json"), "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}");
        String home = System.setProperty("etl.home", Path.of("../..").toAbsolutePath().normalize().toString());
        try {
            for (String command : new String[] {"start", "run"}) {
                CliRun.Result r = CliRun.run(command, "--input", bad.toString(), "--definition", def.toString());

                assertThat(r.code()).as(command).isEqualTo(2);
                assertThat(r.err()).as(command).contains("--input: " + bad + " is not valid JSON at line 2, column 13",
                        "fix the file").doesNotContain("neither an existing file");
            }
            CliRun.Result literal = CliRun.run("start", "--input", "{\"dataset\": ");
            assertThat(literal.code()).isEqualTo(2);
            assertThat(literal.err()).contains("--input is neither an existing file nor valid JSON", "give a file");
        } finally {
            if (home == null) {
                System.clearProperty("etl.home");
            } else {
                System.setProperty("etl.home", home);
            }
        }
    }
}
