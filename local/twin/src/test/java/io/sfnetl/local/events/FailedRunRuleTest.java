package io.sfnetl.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfnetl.asl.Engine;
import io.sfnetl.asl.Execution;
import io.sfnetl.asl.StateMachine;
import io.sfnetl.asl.StatesError;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class FailedRunRuleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FAILING = """
            {"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:W", "End": true}}}""";

    private record Delivered(String function, JsonNode event) {
    }

    private static List<Delivered> run(String machineName, String ruleFor, boolean fail) throws Exception {
        List<Delivered> delivered = new CopyOnWriteArrayList<>();
        FailedRunRule rule = new FailedRunRule(ruleFor, "eu-west-1", "111122223333", "MarkJobFailed",
                (fn, event) -> {
                    delivered.add(new Delivered(fn, event));
                    return JSON.nullNode();
                }, JSON);
        Engine engine = Engine.builder().listener(rule).taskInvoker(r -> {
            if (fail) {
                throw new StatesError("io.sfnetl.etl.errors.CountMismatch", "rows read (3) != loaded (2)");
            }
            return JSON.createObjectNode();
        }).arnParts("eu-west-1", "111122223333").build();
        Execution e = engine.start(StateMachine.parse(FAILING).withName(machineName), "run-7",
                JSON.readTree("{\"runId\": \"r7\"}")).await();
        assertThat(rule.awaitDeliveries(Duration.ofSeconds(5))).isTrue();
        assertThat(e.status().name()).isEqualTo(fail ? "FAILED" : "SUCCEEDED");
        return delivered;
    }

    @Test
    void onEvent_etlExecutionFails_invokesMarkJobFailedWithTheEventBridgeStatusChangeEvent() throws Exception {
        List<Delivered> delivered = run("sfn-etl", "sfn-etl", true);

        assertThat(delivered).hasSize(1);
        assertThat(delivered.get(0).function()).isEqualTo("MarkJobFailed");
        JsonNode event = delivered.get(0).event();
        assertThat(event.path("detail-type").asText()).isEqualTo("Step Functions Execution Status Change");
        assertThat(event.path("source").asText()).isEqualTo("aws.states");
        JsonNode d = event.path("detail");
        assertThat(d.path("status").asText()).isEqualTo("FAILED");
        assertThat(d.path("name").asText()).isEqualTo("run-7");
        assertThat(d.path("error").asText()).isEqualTo("io.sfnetl.etl.errors.CountMismatch");
        assertThat(d.path("cause").asText()).contains("rows read (3)");
        assertThat(d.path("input").asText()).isEqualTo("{\"runId\":\"r7\"}");
        assertThat(d.path("executionArn").asText())
                .isEqualTo("arn:aws:states:eu-west-1:111122223333:execution:sfn-etl:run-7");
        assertThat(d.path("stopDate").isNumber()).isTrue();
    }

    @Test
    void onEvent_successOrAnotherStateMachine_deliversNothing() throws Exception {
        assertThat(run("sfn-etl", "sfn-etl", false)).isEmpty();
        assertThat(run("other", "sfn-etl", true)).isEmpty();
    }
}
