package io.sfnetl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfnetl.local.api.SfnClients;
import io.sfnetl.local.twin.TwinState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * {@code etl local up} as a long-lived twin, and the commands that find it through {@code twin.json}: start
 * {@code --no-wait}, executions, describe, history, stop, redrive; their one-line errors and exit codes.
 */
class TwinCommandsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    @TempDir static Path dir;
    private static LocalUp up;

    record Result(int code, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    static Result etl(String... args) {
        CliRun.Result r = CliRun.run(args);
        return new Result(r.code(), r.out(), r.err());
    }

    @BeforeAll
    static void localUp() throws Exception {
        System.setProperty("etl.home", ROOT.toString());
        Path mocks = Files.writeString(dir.resolve("mocks.json"), "{\"StateMachines\":{\"sfn-etl\":{\"TestCases\":"
                + "{\"PrepareFails\":{\"Prepare\":\"InvalidSpec\"}}}},\"MockedResponses\":{\"InvalidSpec\":{\"0\":"
                + "{\"Throw\":{\"Error\":\"io.sfnetl.etl.errors.InvalidSpec\",\"Cause\":\"mocked: no fields\"}}}}}");
        up = LocalUp.start(dir, "--mock-config", mocks.toString());
    }

    @AfterAll
    static void localDown() throws Exception {
        assertThat(up.stop()).as("etl local up exits 0 when stopped").isZero();
        assertThat(Files.exists(dir.resolve(TwinState.FILE))).as("twin.json removed on stop").isFalse();
    }

    private static String dataDir() {
        return dir.toString();
    }

    @Test
    void startNoWait_runningTwin_executionFinishesAndIsListedDescribedWithHistory() throws Exception {
        Result started = etl("start", "--input", ROOT.resolve("samples/orders/input.json").toString(), "--no-wait",
                "--name", "nowait-1", "--data-dir", dataDir());
        assertThat(started.code()).as(started.err()).isZero();
        assertThat(started.json().get("executionArn").asText()).endsWith(":execution:sfn-etl:nowait-1");

        JsonNode d = null;
        for (int i = 0; i < 300; i++) {
            Result r = etl("describe", "nowait-1", "--data-dir", dataDir());
            assertThat(r.code()).as(r.err()).isZero();
            d = r.json();
            if (!d.get("status").asText().equals("RUNNING")) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(d.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(JSON.readTree(d.get("output").asText()).path("counts").path("read").asLong()).isEqualTo(1000);
        assertThat(d.get("startDate").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

        Result list = etl("executions", "--status", "SUCCEEDED", "--data-dir", dataDir());
        assertThat(list.code()).as(list.err()).isZero();
        List<String> names = new ArrayList<>();
        list.json().get("executions").forEach(e -> names.add(e.get("name").asText()));
        assertThat(names).contains("nowait-1");

        Result history = etl("history", "nowait-1", "--data-dir", dataDir());
        assertThat(history.code()).as(history.err()).isZero();
        JsonNode events = history.json().get("events");
        assertThat(events.get(0).get("type").asText()).isEqualTo("ExecutionStarted");
        assertThat(events.get(events.size() - 1).get("type").asText()).isEqualTo("ExecutionSucceeded");
        Result reversed = etl("history", "nowait-1", "--reverse", "--max-items", "1", "--data-dir", dataDir());
        assertThat(reversed.json().get("events")).hasSize(1);
        assertThat(reversed.json().get("events").get(0).get("type").asText()).isEqualTo("ExecutionSucceeded");

        Result redrive = etl("redrive", "nowait-1", "--data-dir", dataDir());
        assertThat(redrive.code()).isEqualTo(2);
        assertThat(redrive.err()).startsWith("error: ExecutionNotRedrivable: ").hasLineCount(1);
    }

    @Test
    void mockConfig_testCaseSuffixOnTheEtlMachine_failsAsMockedAndIsRedriven() throws Exception {
        TwinState twin = TwinState.find(dir).orElseThrow();
        String exec;
        try (SfnClient sfn = SfnClients.local(twin.stepFunctions())) {
            exec = sfn.startExecution(b -> b.stateMachineArn(twin.stateMachineArn() + "#PrepareFails").name("mocked")
                    .input("{\"dataset\":\"s3://sfn-etl-data/specs/x.json\",\"source\":\"s3://sfn-etl-data/in/\"}"))
                    .executionArn();
        }
        JsonNode d = null;
        for (int i = 0; i < 100; i++) {
            d = etl("describe", exec, "--data-dir", dataDir()).json();
            if (!d.get("status").asText().equals("RUNNING")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(d.get("status").asText()).isEqualTo("FAILED");
        assertThat(d.get("error").asText()).isEqualTo("io.sfnetl.etl.errors.InvalidSpec");
        assertThat(d.get("cause").asText()).isEqualTo("mocked: no fields");
        Result failed = etl("executions", "--status", "FAILED", "--data-dir", dataDir());
        assertThat(failed.json().get("executions")).extracting(e -> e.get("name").asText()).contains("mocked");
        // redriven, Prepare runs again: the test case has no second response for it, so it fails again
        Result redrive = etl("redrive", "mocked", "--data-dir", dataDir());
        assertThat(redrive.code()).as(redrive.err()).isZero();
        assertThat(redrive.json().get("redriveDate").asText()).isNotBlank();
        for (int i = 0; i < 100; i++) {
            d = etl("describe", "mocked", "--data-dir", dataDir()).json();
            if (!d.get("status").asText().equals("RUNNING")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(d.get("redriveCount").asInt()).isEqualTo(1);
        assertThat(d.get("status").asText()).isEqualTo("FAILED");
    }

    @Test
    void stop_runningExecutionOfAnotherMachine_abortsIt() throws Exception {
        TwinState twin = TwinState.find(dir).orElseThrow();
        String machine;
        try (SfnClient sfn = SfnClients.local(twin.stepFunctions())) {
            machine = sfn.createStateMachine(b -> b.name("waiter").roleArn("arn:aws:iam::000000000000:role/r")
                    .definition("{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":600,\"End\":true}}}"))
                    .stateMachineArn();
            sfn.startExecution(b -> b.stateMachineArn(machine).name("long"));
        }
        Result stop = etl("stop", "long", "--state-machine-arn", machine, "--error", "Operator", "--cause", "test",
                "--data-dir", dataDir());
        assertThat(stop.code()).as(stop.err()).isZero();
        assertThat(stop.json().get("stopDate").asText()).isNotBlank();
        Result d = etl("describe", "long", "--state-machine-arn", machine, "--data-dir", dataDir());
        assertThat(d.json().get("status").asText()).isEqualTo("ABORTED");
        assertThat(d.json().get("error").asText()).isEqualTo("Operator");
        Result aborted = etl("executions", "--state-machine-arn", machine, "--status", "ABORTED", "--data-dir", dataDir());
        assertThat(aborted.json().get("executions")).hasSize(1);
    }

    @Test
    void describe_unknownExecution_oneLineErrorExit2AndStackOnlyWithDebug() {
        Result r = etl("describe", "no-such-run", "--data-dir", dataDir());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: ExecutionDoesNotExist: Execution Does Not Exist: "
                + "'arn:aws:states:us-east-1:000000000000:execution:sfn-etl:no-such-run'" + System.lineSeparator());
        Result debug = etl("describe", "no-such-run", "--data-dir", dataDir(), "--debug");
        assertThat(debug.code()).isEqualTo(2);
        assertThat(debug.err()).contains("ExecutionDoesNotExistException").contains("\tat ");
    }

    @Test
    void commands_noTwinRunning_sayHowToStartOneExit2(@TempDir Path empty) {
        for (String[] args : new String[][] {{"executions"}, {"describe", "x"}, {"history", "x"}, {"stop", "x"},
                {"redrive", "x"}}) {
            String[] full = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                    java.util.stream.Stream.of("--data-dir", empty.toString())).toArray(String[]::new);
            Result r = etl(full);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).contains("no local twin is running").contains("./etl local up").hasLineCount(1);
        }
        Result noWait = etl("start", "--input", ROOT.resolve("samples/orders/input.json").toString(), "--no-wait",
                "--data-dir", empty.toString());
        assertThat(noWait.code()).isEqualTo(2);
        assertThat(noWait.err()).contains("--no-wait needs a long-lived twin").contains("etl local up");
    }

    @Test
    void localUp_portInUse_oneLineErrorExit2() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Result r = etl("local", "up", "--port", Integer.toString(taken.getLocalPort()), "--ephemeral",
                    "--data-dir", dir.resolve("other").toString());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("port " + taken.getLocalPort()).contains("in use").contains("--port")
                    .hasLineCount(1);
        }
    }

    @Test
    void localUp_twinAlreadyRunningForDataDir_refusesExit2() {
        Result r = etl("local", "up", "--port", "0", "--ephemeral", "--data-dir", dataDir());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("already running").contains(Long.toString(ProcessHandle.current().pid()));
    }

    @Test
    void help_everyTwinCommand_showsExamples() {
        for (String[] cmd : new String[][] {{"local", "up"}, {"start"}, {"executions"}, {"describe"}, {"history"},
                {"stop"}, {"redrive"}}) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(cmd), java.util.stream.Stream.of("--help"))
                    .toArray(String[]::new);
            Result r = etl(args);
            assertThat(r.code()).as(String.join(" ", cmd)).isZero();
            assertThat(r.out()).as(String.join(" ", cmd)).contains("Examples:").contains("--help");
        }
        assertThat(Optional.of(etl("--help").out())).get().asString().contains("executions", "describe", "history",
                "stop", "redrive", "local");
    }
}
