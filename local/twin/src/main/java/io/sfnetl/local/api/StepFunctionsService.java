package io.sfnetl.local.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.Engine;
import io.sfnetl.asl.Execution;
import io.sfnetl.asl.ExecutionListener;
import io.sfnetl.asl.ExecutionNotRedrivableException;
import io.sfnetl.asl.HistoryEvent;
import io.sfnetl.asl.MockTaskInvoker;
import io.sfnetl.asl.TaskInvoker;
import io.sfnetl.asl.mock.MockConfig;
import io.sfnetl.local.api.internal.Machines;
import io.sfnetl.local.api.internal.Machines.Machine;
import io.sfnetl.local.api.internal.MapRuns;
import io.sfnetl.local.api.internal.Views;
import io.sfnetl.local.api.internal.Wire;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The Step Functions API over the local {@link Engine}: each operation takes the request's JSON body and returns the
 * response's, as the AWS JSON 1.0 protocol carries them (API reference names and shapes; dates as epoch seconds).
 * Failures throw {@link SfnApiException} with AWS's error names. State is in memory. Thread-safe.
 *
 * <p>Departures from AWS, all documented in the twin's README section: StartSyncExecution runs EXPRESS machines only
 * (as AWS), RedriveExecution redrives through the engine (or a {@link Redriver} given in the config), map runs report
 * no MaxConcurrency/tolerance settings, and no versions, aliases, tags or activities.
 */
public final class StepFunctionsService {
    /** An EXPRESS workflow's maximum duration, also StartSyncExecution's wait. */
    private static final Duration SYNC_LIMIT = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What executions run with.
     *
     * @param engine an Engine.Builder with the twin's task invoker, object stores, wait-time scale and ARN parts;
     *     the service adds its own listener (and a mock invoker for {@code #TestCase} starts)
     * @param baseInvoker the invoker the builder holds, which unmocked states of a test case call
     * @param mockConfig the mock configuration for {@code #TestCase} starts, or null
     * @param region region and account of every ARN
     */
    public record Config(Supplier<Engine.Builder> engine, TaskInvoker baseInvoker, MockConfig mockConfig, String region,
            String account, ExecutionListener listener, Redriver redriver) {
        public Config {
            Objects.requireNonNull(engine);
            Objects.requireNonNull(baseInvoker);
            listener = listener == null ? ExecutionListener.NONE : listener;
        }

        /** With the engine's own RedriveExecution. */
        public Config(Supplier<Engine.Builder> engine, TaskInvoker baseInvoker, MockConfig mockConfig, String region,
                String account, ExecutionListener listener) {
            this(engine, baseInvoker, mockConfig, region, account, listener, null);
        }
    }

    /**
     * RedriveExecution: restarts a FAILED, TIMED_OUT or ABORTED execution from its unsuccessful step, under the same
     * ARN, and returns the running execution. Default: {@link Engine#redrive(Execution)}. It may throw
     * {@link ExecutionNotRedrivableException} or {@link SfnApiException} (ExecutionNotRedrivable with the reason).
     */
    @FunctionalInterface
    public interface Redriver {
        Execution redrive(Engine engine, Execution failed);
    }

    private record Tracked(Execution execution, String mapRunArn, String inputKey, Engine engine) {
        Tracked(Execution execution, String mapRunArn, String inputKey) {
            this(execution, mapRunArn, inputKey, null);
        }
    }

    private final Config config;
    private final Clock clock = Clock.systemUTC();
    private final Machines machines;
    private final Map<String, Tracked> executions = new ConcurrentHashMap<>();
    private final MapRuns mapRuns;
    private final Engine engine;
    private final Map<String, Engine> mockEngines = new ConcurrentHashMap<>();

    public StepFunctionsService(Config config) {
        this.config = config;
        this.machines = new Machines(config.region(), config.account(), clock);
        this.mapRuns = new MapRuns(child -> executions.put(child.executionArn(),
                new Tracked(child, mapRunsRunOf(child.executionArn()), null)));
        this.engine = builder().listener(listener()).build();
    }

    private Engine.Builder builder() {
        return config.engine().get().arnParts(config.region(), config.account());
    }

    private String mapRunsRunOf(String childArn) {
        return mapRuns.runOf(childArn);
    }

    private ExecutionListener listener() {
        ExecutionListener outer = config.listener();
        return (e, ev) -> {
            mapRuns.onEvent(e, ev);
            outer.onEvent(e, ev);
        };
    }

    /** Runs one operation by its name (the part of X-Amz-Target after {@code AWSStepFunctions.}). */
    public ObjectNode call(String operation, JsonNode req) {
        return switch (operation) {
            case "CreateStateMachine" -> machines.create(req);
            case "UpdateStateMachine" -> machines.update(req);
            case "DescribeStateMachine" -> machines.describe(req);
            case "ListStateMachines" -> machines.list(req);
            case "DeleteStateMachine" -> machines.delete(req);
            case "ValidateStateMachineDefinition" -> machines.validate(req);
            case "StartExecution" -> startExecution(req);
            case "StartSyncExecution" -> startSyncExecution(req);
            case "DescribeExecution" -> describeExecution(req);
            case "ListExecutions" -> listExecutions(req);
            case "GetExecutionHistory" -> getExecutionHistory(req);
            case "StopExecution" -> stopExecution(req);
            case "RedriveExecution" -> redriveExecution(req);
            case "ListMapRuns" -> listMapRuns(req);
            case "DescribeMapRun" -> describeMapRun(req);
            default -> throw new SfnApiException("UnknownOperationException", "The local twin does not implement "
                    + "operation '" + operation + "'; it serves: CreateStateMachine, UpdateStateMachine, "
                    + "DescribeStateMachine, ListStateMachines, DeleteStateMachine, ValidateStateMachineDefinition, "
                    + "StartExecution, StartSyncExecution, DescribeExecution, ListExecutions, GetExecutionHistory, "
                    + "StopExecution, RedriveExecution, ListMapRuns, DescribeMapRun");
        };
    }

    /**
     * Keeps the state machines created, updated and deleted through the API in {@code dir}, and first loads those an
     * earlier twin saved there ({@code etl local up} on a data directory: machines outlive the process, as on AWS).
     * Call it before {@link #deploy}, which wins over a saved machine of the same name.
     *
     * @throws IllegalArgumentException naming the file when a saved machine cannot be read or is no longer valid (the
     *     CLI exits 2 with that message)
     */
    public void persistMachines(Path dir) {
        machines.persist(dir);
    }

    /** Creates or replaces a state machine (for the twin itself, e.g. {@code etl local up}); returns its ARN. */
    public String deploy(String name, String definition, String type) {
        return machines.deploy(name, definition, type);
    }

    // ---- executions

    private ObjectNode startExecution(JsonNode req) {
        Execution e = start(req, false);
        ObjectNode o = object();
        o.put("executionArn", e.executionArn());
        Wire.date(o, "startDate", e.startDate());
        return o;
    }

    private ObjectNode startSyncExecution(JsonNode req) {
        Execution e = start(req, true);
        if (!e.await(SYNC_LIMIT)) {
            e.stop("States.Timeout", "The express execution ran longer than 5 minutes");
            e.await();
        }
        ObjectNode o = Views.sync(e);
        // AWS names synchronous express executions arn:...:express:<machine>:<name>:<id>
        o.put("executionArn", e.executionArn().replaceFirst(":execution:", ":express:") + ":"
                + java.util.UUID.nameUUIDFromBytes(e.executionArn().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return o;
    }

    private Execution start(JsonNode req, boolean sync) {
        String smArn = Wire.required(req, "stateMachineArn");
        String testCase = null;
        int hash = smArn.indexOf('#');
        if (hash >= 0) {
            testCase = smArn.substring(hash + 1);
            smArn = smArn.substring(0, hash);
        }
        Machine m = machines.get(smArn);
        if (sync && !m.type().equals("EXPRESS")) {
            throw new SfnApiException("StateMachineTypeNotSupported", "This operation is not supported by this type of "
                    + "state machine: StartSyncExecution runs EXPRESS state machines only; '" + smArn
                    + "' is STANDARD (use StartExecution)");
        }
        String name = Wire.str(req, "name");
        name = name == null ? java.util.UUID.randomUUID().toString() : Wire.name(name, "execution");
        String inputText = Wire.str(req, "input");
        JsonNode input;
        try {
            input = inputText == null ? object() : JSON.readTree(inputText);
        } catch (JsonProcessingException e) {
            throw new SfnApiException("InvalidExecutionInput", "Invalid Execution Input: the input is not valid JSON ("
                    + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        }
        String inputKey = input.toString();
        Engine runWith = testCase == null ? engine : mockEngine(m.name(), testCase);
        synchronized (this) {
            String execArn = "arn:aws:states:" + config.region() + ":" + config.account() + ":execution:" + m.name()
                    + ":" + name;
            Tracked existing = executions.get(execArn);
            if (existing != null) {
                if (!sync && existing.execution().status().name().equals("RUNNING") && inputKey.equals(existing.inputKey())) {
                    return existing.execution();
                }
                throw new SfnApiException("ExecutionAlreadyExists", "Execution Already Exists: '" + execArn
                        + "'; choose another name (names are unique per state machine)");
            }
            Execution e;
            try {
                e = runWith.start(m.parsed(), name, input);
            } catch (io.sfnetl.asl.ExecutionAlreadyExistsException exists) {
                throw new SfnApiException("ExecutionAlreadyExists", "Execution Already Exists: " + exists.getMessage());
            } catch (IllegalArgumentException tooLarge) {
                throw new SfnApiException("InvalidExecutionInput", tooLarge.getMessage());
            }
            executions.put(e.executionArn(), new Tracked(e, null, inputKey, runWith));
            return e;
        }
    }

    private Engine mockEngine(String machineName, String testCase) {
        MockConfig mocks = config.mockConfig();
        if (mocks == null) {
            throw SfnApiException.validation("The state machine ARN names test case '" + testCase + "', but the twin "
                    + "has no mock configuration; start it with --mock-config FILE");
        }
        MockConfig.TestCase tc = mocks.testCase(machineName, testCase).orElseThrow(() -> SfnApiException.validation(
                "Test case '" + testCase + "' of state machine '" + machineName + "' is not in " + mocks.sourceName()
                        + "; it has state machines " + mocks.stateMachineNames()
                        + (mocks.testCaseNames(machineName).isEmpty() ? ""
                                : " and, for this one, test cases " + mocks.testCaseNames(machineName))));
        return mockEngines.computeIfAbsent(machineName + "#" + testCase, k -> builder()
                .taskInvoker(new MockTaskInvoker(tc, config.baseInvoker())).listener(listener()).build());
    }

    private Tracked execution(JsonNode req) {
        String arn = Wire.required(req, "executionArn");
        String[] parts = arn.split(":", 7);
        if (parts.length < 7 || !parts[0].equals("arn") || !parts[2].equals("states")
                || !(parts[5].equals("execution") || parts[5].equals("express"))) {
            throw SfnApiException.invalidArn("executionArn", arn, "execution");
        }
        Tracked t = executions.get(arn);
        if (t == null) {
            throw new SfnApiException("ExecutionDoesNotExist", "Execution Does Not Exist: '" + arn + "'");
        }
        return t;
    }

    private ObjectNode describeExecution(JsonNode req) {
        Tracked t = execution(req);
        return Views.describe(t.execution(), t.mapRunArn());
    }

    private ObjectNode listExecutions(JsonNode req) {
        String smArn = Wire.str(req, "stateMachineArn");
        String mapRunArn = Wire.str(req, "mapRunArn");
        if ((smArn == null) == (mapRunArn == null)) {
            throw SfnApiException.validation("Exactly one of stateMachineArn and mapRunArn must be given to ListExecutions");
        }
        String status = Wire.str(req, "statusFilter");
        if (status != null && !List.of("RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE")
                .contains(status)) {
            throw SfnApiException.validation("1 validation error detected: Value '" + status + "' at 'statusFilter' "
                    + "failed to satisfy constraint: Member must satisfy enum value set: "
                    + "[RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE]");
        }
        List<Tracked> all;
        if (smArn != null) {
            machines.get(smArn);
            all = executions.values().stream().filter(t -> t.mapRunArn() == null && t.execution().parentArn() == null
                    && t.execution().stateMachineArn().equals(smArn)).toList();
        } else {
            MapRuns.MapRun run = mapRuns.get(mapRunArn).orElseThrow(() -> resourceNotFound(mapRunArn));
            all = run.children().stream().map(c -> new Tracked(c, mapRunArn, null)).toList();
        }
        List<Tracked> filtered = new ArrayList<>(all.stream()
                .filter(t -> status == null || t.execution().status().name().equals(status)).toList());
        filtered.sort(Comparator.comparing((Tracked t) -> t.execution().startDate()).reversed()
                .thenComparing(t -> t.execution().name()));
        return Wire.put(object(), "executions", Wire.page(filtered, req, t -> t.execution().executionArn()),
                t -> Views.listItem(t.execution(), t.mapRunArn()));
    }

    private ObjectNode getExecutionHistory(JsonNode req) {
        Tracked t = execution(req);
        boolean includeData = Wire.bool(req, "includeExecutionData", true);
        List<HistoryEvent> events = new ArrayList<>(t.execution().history());
        if (Wire.bool(req, "reverseOrder", false)) {
            java.util.Collections.reverse(events);
        }
        return Wire.put(object(), "events", Wire.page(events, req, ev -> Long.toString(ev.id())),
                ev -> Views.event(ev, includeData));
    }

    private ObjectNode stopExecution(JsonNode req) {
        Execution e = execution(req).execution();
        e.stop(Wire.str(req, "error"), Wire.str(req, "cause"));
        ObjectNode o = object();
        Wire.date(o, "stopDate", e.stopDate() != null ? e.stopDate() : clock.instant());
        return o;
    }

    private ObjectNode redriveExecution(JsonNode req) {
        Tracked t = execution(req);
        Execution e = t.execution();
        if (!e.status().isFinal() || e.status().name().equals("SUCCEEDED")) {
            throw new SfnApiException("ExecutionNotRedrivable", "Execution Not Redrivable: '" + e.executionArn()
                    + "' is " + e.status() + "; only FAILED, TIMED_OUT or ABORTED executions can be redriven");
        }
        if (t.engine() == null) {
            throw new SfnApiException("ExecutionNotRedrivable", "Execution Not Redrivable: '" + e.executionArn()
                    + "' is a Distributed Map child; redrive its parent execution, which redrives the Map Run");
        }
        synchronized (this) {
            try {
                Execution redriven = redriver().redrive(t.engine(), e);
                executions.put(e.executionArn(), new Tracked(redriven, t.mapRunArn(), t.inputKey(), t.engine()));
            } catch (ExecutionNotRedrivableException x) {
                throw new SfnApiException("ExecutionNotRedrivable", "Execution Not Redrivable: " + x.getMessage());
            }
        }
        ObjectNode o = object();
        Wire.date(o, "redriveDate", e.redriveDate() != null ? e.redriveDate() : clock.instant());
        return o;
    }

    private Redriver redriver() {
        return config.redriver() != null ? config.redriver() : Engine::redrive;
    }

    private ObjectNode listMapRuns(JsonNode req) {
        Tracked t = execution(req);
        return Wire.put(object(), "mapRuns", Wire.page(mapRuns.of(t.execution().executionArn()), req,
                MapRuns.MapRun::arn),
                MapRuns.MapRun::listItem);
    }

    private ObjectNode describeMapRun(JsonNode req) {
        String arn = Wire.required(req, "mapRunArn");
        if (!arn.startsWith("arn:aws:states:") || !arn.contains(":mapRun:")) {
            throw SfnApiException.invalidArn("mapRunArn", arn, "mapRun");
        }
        return mapRuns.get(arn).orElseThrow(() -> resourceNotFound(arn)).describe();
    }

    private static SfnApiException resourceNotFound(String arn) {
        return new SfnApiException("ResourceNotFound", "Resource Not Found: map run '" + arn + "'");
    }

    /**
     * Makes an execution that did not start through this service visible to the API (DescribeExecution,
     * ListExecutions, GetExecutionHistory, StopExecution): e.g. one the engine resumed from its journal after a
     * restart. Its state machine must be deployed here for ListExecutions to list it. RedriveExecution uses this
     * service's engine for it.
     */
    public void track(Execution execution) {
        executions.put(execution.executionArn(), new Tracked(execution, null, execution.input(), engine));
    }

    /**
     * Restores the engine's journal ({@link Engine#resumeAll()}) and tracks every restored execution: the executions of
     * an earlier run of the twin become visible to the API, and those that were RUNNING continue. Call once, at start.
     *
     * @throws IllegalStateException when the engine has no journal
     */
    public List<Execution> resume() {
        List<Execution> restored = engine.resumeAll();
        restored.forEach(this::track);
        return restored;
    }

    /**
     * Stops every engine where it is, writing nothing more to the journal, as when the process ends: running executions
     * resume at the next {@link #resume()}. The service cannot run executions afterwards.
     */
    public void halt() {
        engine.halt();
        mockEngines.values().forEach(Engine::halt);
    }

    /** The executions started through this service (not map run children), newest first; for tools. */
    public List<Execution> executions() {
        return executions.values().stream().filter(t -> t.execution().parentArn() == null).map(Tracked::execution)
                .sorted(Comparator.comparing(Execution::startDate).reversed()).toList();
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}
