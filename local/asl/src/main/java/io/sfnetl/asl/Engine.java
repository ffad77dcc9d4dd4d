package io.sfnetl.asl;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.asl.internal.Json;
import io.sfnetl.asl.internal.Run;
import io.sfnetl.asl.internal.Runner;
import io.sfnetl.asl.internal.Settings;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Runs state machines. Built once with its collaborators, then {@link #start} any number of executions, each on its
 * own virtual thread. Thread-safe.
 *
 * <pre>{@code
 * Engine engine = Engine.builder().taskInvoker(invoker).waitTimeScale(0).build();
 * Execution e = engine.start(StateMachine.parse(json), "run-1", input).await();
 * }</pre>
 */
public final class Engine {
    /** Step Functions' payload quota: 256 KiB for state input, output and task results. */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;
    /** Step Functions' quota of events in one execution history. */
    public static final int MAX_HISTORY_EVENTS = 25_000;

    private final Settings settings;

    private Engine(Settings settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts an execution.
     *
     * @param name the execution name (a UUID when null)
     * @param input the execution input (an empty object when null)
     * @throws IllegalArgumentException when the input exceeds 256 KiB (StartExecution rejects it)
     */
    public Execution start(StateMachine machine, String name, JsonNode input) {
        String execName = name == null ? UUID.randomUUID().toString() : name;
        String smArn = "arn:aws:states:" + settings.region() + ":" + settings.account() + ":stateMachine:" + machine.name();
        String arn = "arn:aws:states:" + settings.region() + ":" + settings.account() + ":execution:" + machine.name()
                + ":" + execName;
        JsonNode in = input == null ? Json.object() : input;
        int size = Json.size(Json.write(in));
        if (size > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("The execution input has " + size + " bytes, above the maximum of "
                    + MAX_PAYLOAD_BYTES + " bytes (256 KiB); pass large data through S3");
        }
        Run run = new Run(settings, arn, execName, smArn, machine.name(), in, null);
        Long timeout = machine.definition().timeoutSeconds();
        Runner.launch(run, machine.definition().graph(), timeout);
        return run.execution();
    }

    /** Builds an {@link Engine}; every setting has a default. */
    public static final class Builder {
        private TaskInvoker invoker = TaskInvoker.unavailable();
        private ItemReaderSource reader = ItemReaderSource.none();
        private ResultWriterSink writer = ResultWriterSink.none();
        private double waitTimeScale = 1.0;
        private Clock clock = Clock.systemUTC();
        private ExecutionListener listener = ExecutionListener.NONE;
        private String region = "us-east-1";
        private String account = "123456789012";
        private RandomGenerator random = RandomGenerator.getDefault();
        private int maxHistoryEvents = MAX_HISTORY_EVENTS;

        /** How Task states reach their resources. Default: every task fails naming its state and resource. */
        public Builder taskInvoker(TaskInvoker v) {
            this.invoker = Objects.requireNonNull(v);
            return this;
        }

        /** Where ItemReaders read. Default: no objects. */
        public Builder itemReaderSource(ItemReaderSource v) {
            this.reader = Objects.requireNonNull(v);
            return this;
        }

        /** Where ResultWriters write. Default: every write fails. */
        public Builder resultWriterSink(ResultWriterSink v) {
            this.writer = Objects.requireNonNull(v);
            return this;
        }

        /** Multiplies every Wait and Retry delay (0 = no waiting), like Step Functions Local's WAIT_TIME_SCALE. Default 1. */
        public Builder waitTimeScale(double v) {
            if (v < 0 || Double.isNaN(v)) {
                throw new IllegalArgumentException("wait time scale must be >= 0, not " + v);
            }
            this.waitTimeScale = v;
            return this;
        }

        /** The clock for timestamps and Wait Timestamp. Default: system UTC. */
        public Builder clock(Clock v) {
            this.clock = Objects.requireNonNull(v);
            return this;
        }

        /** Receives every history event live. Default: none. */
        public Builder listener(ExecutionListener v) {
            this.listener = Objects.requireNonNull(v);
            return this;
        }

        /** Region and account in ARNs. Default us-east-1, 123456789012 (as Step Functions Local). */
        public Builder arnParts(String region, String account) {
            this.region = Objects.requireNonNull(region);
            this.account = Objects.requireNonNull(account);
            return this;
        }

        /** The random source of retry jitter. Default: the JDK's default generator. */
        public Builder random(RandomGenerator v) {
            this.random = Objects.requireNonNull(v);
            return this;
        }

        /** The history quota (25,000 on AWS); lower it in tests. */
        public Builder maxHistoryEvents(int v) {
            this.maxHistoryEvents = v;
            return this;
        }

        public Engine build() {
            return new Engine(new Settings(invoker, reader, writer, waitTimeScale, clock, listener, region, account,
                    random, maxHistoryEvents, MAX_PAYLOAD_BYTES));
        }
    }
}
