package io.sfnetl.asl;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.asl.internal.Journal;
import io.sfnetl.asl.internal.JournalReplay;
import io.sfnetl.asl.internal.Json;
import io.sfnetl.asl.internal.Registry;
import io.sfnetl.asl.internal.Run;
import io.sfnetl.asl.internal.Runner;
import io.sfnetl.asl.internal.Settings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Engine.class);
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
        Journal journal = settings.registry().journal();
        if (journal != null && java.nio.file.Files.exists(journal.path(machine.name(), execName))) {
            throw new ExecutionAlreadyExistsException("An execution named '" + execName + "' of state machine '"
                    + machine.name() + "' already exists in the journal " + journal.dir()
                    + "; choose another name (or resume it: Engine.resumeAll)");
        }
        if (!settings.registry().add(run)) {
            throw new ExecutionAlreadyExistsException("An execution named '" + execName + "' of state machine '"
                    + machine.name() + "' already exists (" + arn + "); choose another name");
        }
        Long timeout = machine.definition().timeoutSeconds();
        Runner.launch(run, machine.definition().graph(), timeout, machine.json());
        return run.execution();
    }

    /**
     * RedriveExecution: restarts an unsuccessful top-level execution from the state that did not succeed, with the
     * input that state had, after an {@code ExecutionRedriven} event; the states that succeeded are not run again. A
     * Distributed Map adopts its Map Run ({@code MapRunRedriven}): children that succeeded keep their results, the
     * others are redriven (failed, aborted, timed out) or started (pending). Returns at once with the execution
     * RUNNING; {@link Execution#redriveCount()} counts the redrives.
     *
     * @throws ExecutionNotRedrivableException when the execution is RUNNING or SUCCEEDED, is a Map Run child, was
     *     redriven 1,000 times, or its history is full
     */
    public Execution redrive(Execution execution) {
        return execution.redrive();
    }

    /** The top-level execution with this ARN that this engine started or restored from its journal. */
    public Optional<Execution> execution(String executionArn) {
        return settings.registry().get(executionArn).map(Run::execution);
    }

    /** Every top-level execution this engine started or restored from its journal, by start date. */
    public List<Execution> executions() {
        return settings.registry().all().stream().map(Run::execution).toList();
    }

    /**
     * Restores every execution of the journal directory that this engine does not know yet, and resumes those that
     * were RUNNING from their last checkpoint (the state that was running when the process died runs again: a Task
     * in flight is invoked again; Distributed Map children that ended keep their results, running ones resume).
     * Ended executions are restored too, so that they can be described, listed and redriven.
     *
     * @return the restored executions, by start date (resumed ones are RUNNING)
     * @throws IllegalStateException when the engine has no journal, or a journal file is corrupt (not at its end)
     */
    public List<Execution> resumeAll() {
        Journal journal = settings.registry().journal();
        if (journal == null) {
            throw new IllegalStateException("This engine has no journal: build it with Engine.builder().journal(dir)");
        }
        var restored = new ArrayList<Run>();
        for (Path file : journal.files()) {
            Run run = JournalReplay.read(file, settings);
            if (run == null || !settings.registry().add(run)) {
                continue;
            }
            run.reopenJournal(journal);
            restored.add(run);
        }
        for (Run run : restored) {
            if (run.status() == ExecutionStatus.RUNNING) {
                LOG.info("[executionArn={}] resuming at state '{}'", run.arn(),
                        run.checkpoint() == null ? run.graph().startAt() : run.checkpoint().state());
                Runner.resume(run);
            }
        }
        restored.sort(java.util.Comparator.comparing(Run::startDate));
        return restored.stream().map(Run::execution).toList();
    }

    /**
     * Abandons every execution as if the process had died: nothing more is written to the journal, every execution's
     * threads are told to stop (their in-memory status is meaningless afterwards). For crash tests; the engine cannot
     * be used afterwards.
     */
    public void halt() {
        settings.registry().halt();
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
        private Path journal;

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

        /**
         * Journals every execution under {@code dir} as it runs (one JSON-lines file per execution, fsync'ed at each
         * state), so that a new engine on the same directory can {@link Engine#resumeAll()} them. Default: none
         * (executions live in memory only).
         */
        public Builder journal(Path dir) {
            this.journal = Objects.requireNonNull(dir);
            return this;
        }

        public Engine build() {
            return new Engine(new Settings(invoker, reader, writer, waitTimeScale, clock, listener, region, account,
                    random, maxHistoryEvents, MAX_PAYLOAD_BYTES, new Registry(journal)));
        }
    }
}
