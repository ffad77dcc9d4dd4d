package io.sfnetl.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfnetl.asl.StatesError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code --isolation process}: each function container is its own JVM. */
class ProcessFunctionTest {
    private static final List<String> FAST_JVM = List.of("-XX:TieredStopAtLevel=1", "-Xshare:auto");
    private final ObjectMapper mapper = new ObjectMapper();
    private final LambdaRunner runner = new LambdaRunner(mapper, "us-east-1", "000000000000");

    @AfterEach
    void close() {
        runner.close();
    }

    private void register(String name, Class<?> handler, long timeoutMillis) {
        runner.register(new ProcessFunction(name, handler.getName(), 192, timeoutMillis, Map.of("PROBE_VAR", "from-twin"),
                FAST_JVM, null));
    }

    @Test
    void invoke_isolated_runsInAnotherWarmJvmWithXmxAndEnvironment() {
        register("Probe", IsolatedHandlers.Probe.class, 30_000);

        JsonNode first = runner.invoke(runner.arnOf("Probe"), mapper.createObjectNode().put("x", "a"));
        JsonNode second = runner.invoke("Probe", mapper.createObjectNode().put("x", "b"));

        assertThat(first.path("pid").asLong()).isNotEqualTo(ProcessHandle.current().pid());
        assertThat(second.path("pid").asLong()).as("the warm container is reused").isEqualTo(first.path("pid").asLong());
        assertThat(first.path("maxMemoryMb").asLong()).isBetween(100L, 192L);
        assertThat(first.path("env").asText()).isEqualTo("from-twin");
        assertThat(second.path("echo").asText()).isEqualTo("b");
        assertThat(first.path("function").asText()).isEqualTo("Probe");
        assertThat(first.path("memory").asInt()).isEqualTo(192);
    }

    @Test
    void invoke_pastTimeout_killsTheContainerAndFailsWithSandboxTimedout() {
        register("Sleep", IsolatedHandlers.Sleeper.class, 1_000);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> runner.invoke("Sleep", mapper.createObjectNode()))
                .isInstanceOfSatisfying(StatesError.class, e -> {
                    assertThat(e.error()).isEqualTo("Sandbox.Timedout");
                    assertThat(e.cause()).contains("Task timed out after 1.00 seconds");
                });
        assertThat(System.nanoTime() - t0).as("timeout counted after init").isGreaterThan(1_000_000_000L);
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains("Sleeper"))).as("the container was killed").isEmpty();
    }

    @Test
    void invoke_handlerThrows_errorIsClassNameWithRuntimeCause() {
        register("Throw", IsolatedHandlers.Thrower.class, 30_000);
        assertThatThrownBy(() -> runner.invoke("Throw", mapper.createObjectNode().put("x", 7)))
                .isInstanceOfSatisfying(StatesError.class, e -> {
                    assertThat(e.error()).isEqualTo("java.lang.IllegalStateException");
                    assertThat(e.cause()).contains("\"errorMessage\":\"bad input 7\"", "stackTrace");
                });
    }
}
