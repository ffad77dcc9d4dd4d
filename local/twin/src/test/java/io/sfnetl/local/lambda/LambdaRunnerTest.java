package io.sfnetl.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfnetl.asl.StatesError;
import io.sfnetl.etl.log.JsonLog;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LambdaRunnerTest {
    record Greeting(String name, int times) {
    }

    record Reply(String text, int remainingMillis, String requestId) {
    }

    static final class GreetHandler implements RequestHandler<Greeting, Reply> {
        @Override
        public Reply handleRequest(Greeting input, Context context) {
            return new Reply(("hello " + input.name() + " ").repeat(input.times()).trim(),
                    context.getRemainingTimeInMillis(), context.getAwsRequestId());
        }
    }

    static final class FailingHandler implements RequestHandler<Greeting, Reply> {
        @Override
        public Reply handleRequest(Greeting input, Context context) {
            throw new IllegalStateException("no greeting for " + input.name());
        }
    }

    static final class WrappingHandler implements RequestHandler<Greeting, Reply> {
        @Override
        public Reply handleRequest(Greeting input, Context context) {
            throw new IllegalStateException("outer", new java.io.IOException("root cause for " + input.name()));
        }
    }

    static final class SlowHandler implements RequestHandler<Greeting, Reply> {
        final AtomicBoolean interrupted = new AtomicBoolean();
        final CountDownLatch ended = new CountDownLatch(1);

        @Override
        public Reply handleRequest(Greeting input, Context context) {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
            } finally {
                ended.countDown();
            }
            return null;
        }
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final LambdaRunner runner = new LambdaRunner(mapper, "us-east-1", "000000000000");

    @AfterEach
    void close() {
        runner.close();
    }

    @Test
    void invoke_byArn_convertsTypedInputAndOutput() {
        runner.register(new LambdaRunner.LocalFunction("Greet", 512, 5_000, new GreetHandler()));
        JsonNode out = runner.invoke(runner.arnOf("Greet"), mapper.createObjectNode().put("name", "ann").put("times", 2));
        assertThat(out.path("text").asText()).isEqualTo("hello ann hello ann");
        assertThat(out.path("remainingMillis").asInt()).isBetween(1, 5_000);
        assertThat(out.path("requestId").asText()).hasSize(36);
    }

    @Test
    void invoke_handlerThrows_errorIsClassNameWithRuntimeCause() throws Exception {
        runner.register(new LambdaRunner.LocalFunction("Fail", 512, 5_000, new FailingHandler()));
        assertThatThrownBy(() -> runner.invoke("Fail", mapper.createObjectNode().put("name", "bob")))
                .isInstanceOfSatisfying(StatesError.class, e -> {
                    assertThat(e.error()).isEqualTo("java.lang.IllegalStateException");
                    JsonNode cause = readTree(e.cause());
                    assertThat(cause.path("errorMessage").asText()).isEqualTo("no greeting for bob");
                    assertThat(cause.path("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
                    assertThat(cause.path("stackTrace").isArray()).isTrue();
                });
    }

    @Test
    void invoke_handlerThrowsWithCause_functionLogHasTheWholeTraceCausesIncluded() {
        runner.register(new LambdaRunner.LocalFunction("Wrap", 512, 5_000, new WrappingHandler()));
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        JsonLog.setOutput(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertThatThrownBy(() -> runner.invoke("Wrap", mapper.createObjectNode().put("name", "cy")))
                    .isInstanceOf(StatesError.class);
        } finally {
            JsonLog.setOutput(System.out);
        }
        JsonNode line = readTree(log.toString(java.nio.charset.StandardCharsets.UTF_8).strip());
        assertThat(line.path("level").asText()).isEqualTo("ERROR");
        assertThat(line.path("function").asText()).isEqualTo("Wrap");
        assertThat(line.path("trace").asText()).contains("IllegalStateException: outer")
                .contains("Caused by: java.io.IOException: root cause for cy");
    }

    @Test
    void invoke_pastTimeout_failsWithSandboxTimedoutAndInterruptsTheHandler() throws Exception {
        SlowHandler slow = new SlowHandler();
        runner.register(new LambdaRunner.LocalFunction("Slow", 512, 200, slow));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> runner.invoke("Slow", mapper.createObjectNode().put("name", "x")))
                .isInstanceOfSatisfying(StatesError.class, e -> {
                    assertThat(e.error()).isEqualTo("Sandbox.Timedout");
                    assertThat(e.cause()).contains("Task timed out after 0.20 seconds");
                });
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(5_000);
        assertThat(slow.ended.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(slow.interrupted).isTrue();
    }

    @Test
    void invoke_unknownFunction_failsWithResourceNotFound() {
        assertThatThrownBy(() -> runner.invoke("Nope", mapper.createObjectNode()))
                .isInstanceOf(StatesError.class)
                .hasMessageContaining("Lambda.ResourceNotFoundException")
                .hasMessageContaining("Nope");
    }

    @Test
    void context_remainingTime_countsDown() throws Exception {
        LocalContext c = new LocalContext("r", "f", "arn", 128, 1_000, LocalContext.stderrLogger("f"));
        int first = c.getRemainingTimeInMillis();
        Thread.sleep(120);
        assertThat(c.getRemainingTimeInMillis()).isLessThanOrEqualTo(first - 100);
    }

    private JsonNode readTree(String s) {
        try {
            return mapper.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
