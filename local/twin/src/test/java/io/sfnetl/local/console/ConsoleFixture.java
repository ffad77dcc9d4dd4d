package io.sfnetl.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.Engine;
import io.sfnetl.asl.StatesError;
import io.sfnetl.asl.TaskInvoker;
import io.sfnetl.local.api.StepFunctionsServer;
import io.sfnetl.local.api.StepFunctionsService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A Step Functions API server on 127.0.0.1 with the console mounted and the test machine {@code console/demo.asl.json}
 * deployed, whose Tasks are scripted by function name: {@code echo} returns its input, {@code boom} fails with
 * {@code Boom} and a cause holding markup, {@code flaky} fails once per execution then succeeds, {@code slow} sleeps
 * {@code ms} of its input (or, when the input names a {@code hold}, waits until the test {@link #release releases} it)
 * and returns a chunk result (100 rows read, 97 loaded, 3 rejected). A held Map stays running however slow the machine
 * is, so a test can watch it running without a race. Run {@link #main} to look at the console by hand.
 */
public final class ConsoleFixture implements AutoCloseable {
    public static final String MACHINE = "console-demo";
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "000000000000";
    /** The cause {@code boom} fails with: markup that must show as text. */
    public static final String BOOM_CAUSE = "<img src=x onerror=\"document.title='pwned'\">boom";

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Duration LONGEST_HOLD = Duration.ofMinutes(3);

    private final StepFunctionsServer server;
    private final String machineArn;
    private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();

    public ConsoleFixture(double waitTimeScale) {
        Set<String> flakyFailed = ConcurrentHashMap.newKeySet();
        TaskInvoker invoker = r -> {
            String fn = r.resource().substring(r.resource().lastIndexOf(':') + 1);
            return switch (fn) {
                case "echo" -> r.input();
                case "boom" -> throw new StatesError("Boom", BOOM_CAUSE);
                case "flaky" -> {
                    if (flakyFailed.add(r.executionArn() + "/" + r.stateName())) {
                        throw new StatesError("Flaky", "first attempt fails");
                    }
                    yield r.input();
                }
                case "slow" -> {
                    if (r.input().hasNonNull("hold")) {
                        await(hold(r.input().path("hold").asText()));
                    } else {
                        sleep(r.input().path("ms").asLong(100));
                    }
                    ObjectNode out = JSON.createObjectNode();
                    out.put("done", true);
                    out.putObject("counts").put("read", 100).put("loaded", 97).put("rejected", 3);
                    yield out;
                }
                default -> throw new StatesError("States.Runtime", "no scripted function " + fn);
            };
        };
        StepFunctionsService service = new StepFunctionsService(new StepFunctionsService.Config(
                () -> Engine.builder().taskInvoker(invoker).waitTimeScale(waitTimeScale), invoker, null, REGION,
                ACCOUNT, null));
        this.machineArn = service.deploy(MACHINE, demoDefinition(), "STANDARD");
        this.server = StepFunctionsServer.start(service, 0);
    }

    public static String demoDefinition() {
        try (InputStream in = ConsoleFixture.class.getResourceAsStream("/console/demo.asl.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatesError("States.Timeout", "interrupted");
        }
    }

    private CountDownLatch hold(String key) {
        return holds.computeIfAbsent(key, k -> new CountDownLatch(1));
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(LONGEST_HOLD.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new StatesError("States.Timeout", "held longer than " + LONGEST_HOLD + ": the test never released it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatesError("States.Timeout", "interrupted");
        }
    }

    /** Lets every {@code slow} call holding {@code key} (now or later) return. */
    public void release(String key) {
        hold(key).countDown();
    }

    public StepFunctionsServer server() {
        return server;
    }

    public String machineArn() {
        return machineArn;
    }

    /** Deploys another state machine; returns its ARN. */
    public String deploy(String name, String definition) {
        return server.service().deploy(name, definition, "STANDARD");
    }

    /** Starts an execution of the demo machine; returns its ARN. */
    public String start(String name, JsonNode input) {
        return start(machineArn, name, input);
    }

    /** Starts an execution of a machine; returns its ARN. */
    public String start(String stateMachineArn, String name, JsonNode input) {
        ObjectNode req = JSON.createObjectNode();
        req.put("stateMachineArn", stateMachineArn);
        req.put("name", name);
        req.put("input", input.toString());
        return server.service().call("StartExecution", req).path("executionArn").asText();
    }

    /** The demo input with {@code items} chunks that each wait until {@link #release release(hold)}. */
    public static ObjectNode heldInput(boolean fail, int items, String hold) {
        ObjectNode in = input(fail, items, 0);
        in.get("items").forEach(i -> ((ObjectNode) i).put("hold", hold));
        return in;
    }

    /** The demo input: {@code items} chunks of {@code ms} milliseconds each, a note holding markup. */
    public static ObjectNode input(boolean fail, int items, int ms) {
        ObjectNode in = JSON.createObjectNode();
        in.put("fail", fail);
        in.put("note", "<script>document.title='pwned'</script>");
        var arr = in.putArray("items");
        for (int i = 0; i < items; i++) {
            arr.addObject().put("ms", ms);
        }
        return in;
    }

    @Override
    public void close() {
        holds.values().forEach(CountDownLatch::countDown);
        server.close();
    }

    /** Serves the demo until killed; starts one succeeding, one failing and one long execution. */
    public static void main(String[] args) throws InterruptedException {
        ConsoleFixture f = new ConsoleFixture(0.5);
        f.start("ok", input(false, 5, 200));
        f.start("failed", input(true, 3, 100));
        f.start("long", input(false, 40, 1500));
        System.out.println(Console.url(f.server().endpoint()));
        Thread.currentThread().join();
    }
}
