package io.sfnetl.local.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfnetl.asl.Engine;
import io.sfnetl.asl.Execution;
import io.sfnetl.asl.HistoryEvent;
import io.sfnetl.asl.MockTaskInvoker;
import io.sfnetl.asl.StateMachine;
import io.sfnetl.asl.TaskInvoker;
import io.sfnetl.asl.mock.MockConfig;
import io.sfnetl.local.events.FailedRunRule;
import io.sfnetl.local.twin.LocalTwin;
import io.sfnetl.local.twin.S3ObjectStore;
import io.sfnetl.local.twin.TwinTaskInvoker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Runs {@code statemachine/etl.asl.json} on a local twin (real handlers, S3, DynamoDB Local) with an optional
 * Step Functions Local mock-config test case, the status-change rule that invokes MarkJobFailed, and a record of every
 * Distributed Map child execution, so that tests can assert the path through each history.
 */
final class WorkflowHarness implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    static final String MACHINE = "sfn-etl";
    static final String BUCKET = LocalTwin.DATA_BUCKET;

    final LocalTwin twin;
    private final StateMachine machine;

    /** What one execution did: the execution and its Map children (live: a redrive adds its own). */
    record Run(Execution execution, Map<String, Execution> childrenByArn, FailedRunRule rule) {
        /**
         * The Map's child executions in chunk order (the order of the manifest's items). Not by start time: two
         * children can start in the same millisecond, and their names are random UUIDs as on AWS, so a start-time
         * order made the redrive scenario pick the wrong child about once in 20 runs.
         */
        List<Execution> children() {
            List<Execution> kids = new ArrayList<>(childrenByArn.values());
            kids.sort(Comparator.comparing(Run::chunkOf).thenComparing(Execution::startDate));
            return kids;
        }

        private static String chunkOf(Execution child) {
            try {
                return JSON.readTree(child.input()).path("chunk").asText();
            } catch (IOException e) {
                throw new UncheckedIOException("child " + child.name() + " has no JSON input", e);
            }
        }

        /** Redrives the execution (RedriveExecution) and waits for its end. */
        Run redrive(Duration timeout) {
            execution.redrive();
            if (!execution.await(timeout)) {
                throw new AssertionError("the redriven execution did not end within " + timeout);
            }
            rule.awaitDeliveries(Duration.ofSeconds(30));
            return this;
        }

        /** Names of the states entered, in history order. */
        List<String> path() {
            return path(execution);
        }

        static List<String> path(Execution e) {
            return e.history().stream().filter(ev -> ev.type().endsWith("StateEntered"))
                    .map(ev -> ev.details().path("name").asText()).toList();
        }

        /** Events of {@code type} in {@code e}'s history. */
        static List<HistoryEvent> events(Execution e, String type) {
            return e.history().stream().filter(ev -> ev.type().equals(type)).toList();
        }

        JsonNode output() {
            try {
                return JSON.readTree(execution.output());
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }

    WorkflowHarness(double lambdaTimeoutScale) {
        this(null, lambdaTimeoutScale);
    }

    /** @param dataDir where the twin keeps its data, or null for in memory */
    WorkflowHarness(Path dataDir, double lambdaTimeoutScale) {
        this.twin = LocalTwin.start(new LocalTwin.Options(ROOT, dataDir, lambdaTimeoutScale));
        try {
            this.machine = StateMachine.parse(Files.readString(ROOT.resolve("statemachine/etl.asl.json")),
                    twin.substitutions()).withName(MACHINE);
        } catch (IOException e) {
            twin.close();
            throw new UncheckedIOException(e);
        }
    }

    /** Uploads a local file to the data bucket; returns its S3 URI. */
    String put(Path file, String key) {
        twin.services().s3Client().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromFile(file));
        return "s3://" + BUCKET + "/" + key;
    }

    String put(byte[] content, String key) {
        twin.services().s3Client().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(content));
        return "s3://" + BUCKET + "/" + key;
    }

    /**
     * Runs one execution to its end.
     *
     * @param testCase a test case of {@code statemachine/test/MockConfigFile.json}, or null for no mocks
     */
    Run run(String testCase, String name, JsonNode input, Duration timeout) {
        TaskInvoker invoker = new TwinTaskInvoker(twin.lambdas(), twin.mapper());
        if (testCase != null) {
            MockConfig config = MockConfig.parse(ROOT.resolve("statemachine/test/MockConfigFile.json"));
            invoker = new MockTaskInvoker(config.testCase(MACHINE, testCase).orElseThrow(() ->
                    new IllegalArgumentException("no test case " + testCase + " in MockConfigFile.json")), invoker);
        }
        Map<String, Execution> children = new ConcurrentHashMap<>();
        FailedRunRule rule = new FailedRunRule(MACHINE, LocalTwin.REGION, LocalTwin.ACCOUNT, "MarkJobFailed",
                twin.lambdas()::invoke, twin.mapper());
        S3ObjectStore store = new S3ObjectStore(twin.services().s3Client());
        Engine engine = Engine.builder().taskInvoker(invoker).itemReaderSource(store).resultWriterSink(store)
                .waitTimeScale(0).arnParts(LocalTwin.REGION, LocalTwin.ACCOUNT)
                .listener(FailedRunRule.both((e, ev) -> {
                    if (e.parentArn() != null) {
                        children.putIfAbsent(e.executionArn(), e);
                    }
                }, rule)).build();
        Execution e = engine.start(machine, name, input);
        if (!e.await(timeout)) {
            e.stop("Test.Timeout", "the test gave up after " + timeout);
            throw new AssertionError("execution " + name + " did not end within " + timeout + "; path so far "
                    + Run.path(e));
        }
        rule.awaitDeliveries(Duration.ofSeconds(30));
        return new Run(e, children, rule);
    }

    /** The job record of a run (empty map when there is none). */
    Map<String, AttributeValue> jobRecord(String run) {
        return twin.services().dynamoDbClient().getItem(b -> b.tableName(twin.pipeline().jobsTable())
                .key(Map.of("run", AttributeValue.fromS(run)))).item();
    }

    @Override
    public void close() {
        twin.close();
    }
}
