package io.sfnetl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.Engine;
import io.sfnetl.asl.Execution;
import io.sfnetl.asl.ExecutionStatus;
import io.sfnetl.asl.StateMachine;
import io.sfnetl.cli.ExitCodes.UserError;
import io.sfnetl.etl.errors.InvalidSpec;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.local.services.LocalServicesException;
import io.sfnetl.local.twin.LocalTwin;
import io.sfnetl.local.twin.Progress;
import io.sfnetl.local.twin.S3ObjectStore;
import io.sfnetl.local.twin.TwinTaskInvoker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code etl start}: runs the ETL state machine ({@code statemachine/etl.asl.json}) on the embedded local twin:
 * uploads local spec and data files to the twin's bucket, starts the execution, follows it with a progress line on
 * stderr, prints a summary on stderr and the DescribeExecution-shaped result on stdout.
 */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Start the ETL state machine on the local twin and follow it to the end.",
                "The input's 'dataset' (spec) and 'source' (file or directory) may be local paths, relative to the "
                        + "input file; they are uploaded to the twin's bucket first. S3 URIs are used as they are."})
public final class StartCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--input", description = "Execution input: a JSON file or a JSON literal (required unless --resume).")
    String input;

    @Option(names = "--chaos", paramLabel = "rate=R,errors=E1|E2[,seed=N]",
            description = {"Fault injection: a share R (0-1) of Lambda invocations fails before the handler runs with "
                    + "one of the errors (default Lambda.ServiceException), as the Lambda service would; the "
                    + "definition's Retry policy handles them. E.g. rate=0.05,errors=Lambda.ServiceException,seed=7."})
    String chaos;
    private io.sfnetl.local.lambda.Chaos chaosSpec;

    @Option(names = "--isolation", defaultValue = "in-process", paramLabel = "in-process|process",
            description = {"in-process (default): the handlers run in this JVM. process: each function container is its "
                    + "own JVM with -Xmx from the function's memory size, configured from the environment like on AWS, "
                    + "and killed when it overruns its timeout (slower: a cold start per container)."})
    String isolation;

    @Option(names = "--resume", description = {"Resume the executions that were RUNNING when the twin using this data "
            + "directory died (killed, crashed, power cut): each continues from its last completed state; Distributed "
            + "Map children that ended keep their results. No --input needed. See docs/durability.md."})
    boolean resume;

    @Option(names = "--name", description = "Execution name, also the run id unless the input sets runId (default: run-<UTC time>-<random>).")
    String name;

    @Option(names = "--data-dir", description = "Where the twin keeps S3 and DynamoDB data (default: .etl/ in the repository).")
    Path dataDir;

    @Option(names = "--ephemeral", description = "Keep everything in memory; nothing is written under .etl/.")
    boolean ephemeral;

    @Option(names = "--definition", description = "The ASL definition (default: statemachine/etl.asl.json).")
    Path definition;

    @Option(names = "--lambda-timeout-scale", defaultValue = "1",
            description = "Multiplies every function timeout (and the stages' safety margin), to exercise the 15-minute logic in seconds (default: ${DEFAULT-VALUE}).")
    double lambdaTimeoutScale;

    @Option(names = {"-v", "--verbose"}, description = "Also show the functions' JSON log lines on stderr "
            + "(they are always kept in <data-dir>/logs/functions.log).")
    boolean verbose;

    @Option(names = "--wait-time-scale", defaultValue = "1", description = "Multiplies Wait and Retry delays; 0 makes them instant (default: ${DEFAULT-VALUE}).")
    double waitTimeScale;

    @Override
    public Integer call() throws IOException {
        Path home = Home.dir();
        if (chaos != null) {
            try {
                chaosSpec = io.sfnetl.local.lambda.Chaos.parse(chaos);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        }
        if (resume) {
            return resume(home);
        }
        if (input == null) {
            throw new UserError("--input is required: give the execution input as a file like samples/orders/input.json"
                    + " or a JSON object (or use --resume to continue executions after a crash)");
        }
        Path inputFile = Path.of(input);
        boolean isFile = Files.isRegularFile(inputFile);
        Path base = isFile ? inputFile.toAbsolutePath().getParent() : Path.of("").toAbsolutePath();
        ObjectNode in = readInput(isFile ? RunCommand.read(inputFile, "--input") : input);
        Path def = definition != null ? definition : home.resolve("statemachine/etl.asl.json");
        String definitionJson = RunCommand.read(def, "--definition");

        // Fail fast on a bad local spec, before starting anything.
        DatasetSpec localSpec = null;
        String dataset = in.path("dataset").asText();
        if (!dataset.startsWith("s3://")) {
            Path specFile = existing(base.resolve(dataset), "dataset", dataset, base);
            try {
                localSpec = LocalTwin.readSpec(specFile);
            } catch (InvalidSpec e) {
                throw new UserError(e.getMessage());
            }
        }
        String source = in.path("source").asText();
        Path sourcePath = source.startsWith("s3://") ? null : existing(base.resolve(source), "source", source, base);

        Path dir = ephemeral ? null : (dataDir != null ? dataDir.toAbsolutePath() : home.resolve(".etl"));
        try (LocalTwin twin = startTwin(home, dir)) {
            if (localSpec != null) {
                in.put("dataset", twin.upload(base.resolve(dataset), "specs"));
            }
            if (sourcePath != null) {
                String prefix = "incoming/" + (localSpec != null ? localSpec.dataset() : "data");
                in.put("source", twin.upload(sourcePath, prefix));
            }
            StateMachine machine = StateMachine.parse(definitionJson, twin.substitutions()).withName("sfn-etl");
            boolean tty = System.console() != null;
            Progress progress = new Progress(System.err, tty);
            Engine engine = engine(twin, progress);
            String executionName = name != null ? name : defaultName();
            System.err.printf("etl: starting %s on the local twin (S3 %s, DynamoDB %s%s)%n", executionName,
                    twin.services().s3Endpoint(), twin.services().dynamoDbEndpoint(),
                    dir == null ? ", in memory" : ", data in " + home.relativize(dir));
            Execution execution = engine.start(machine, executionName, in);
            return follow(execution, progress, twin, home);
        }
    }

    private LocalTwin startTwin(Path home, Path dir) {
        LocalTwin twin;
        try {
            twin = LocalTwin.start(new LocalTwin.Options(home, dir, lambdaTimeoutScale, isolationMode()));
        } catch (LocalServicesException e) {
            throw new UserError(e.getMessage());
        }
        if (verbose) {
            twin.logFunctionsTo(System.err);
        }
        return twin;
    }

    private LocalTwin.Isolation isolationMode() {
        return switch (isolation) {
            case "in-process" -> LocalTwin.Isolation.IN_PROCESS;
            case "process" -> LocalTwin.Isolation.PROCESS;
            default -> throw new UserError("--isolation is '" + isolation + "'; use in-process or process");
        };
    }

    private Engine engine(LocalTwin twin, Progress progress) {
        if (chaosSpec != null) {
            twin.lambdas().chaos(chaosSpec);
        }
        S3ObjectStore store = new S3ObjectStore(twin.services().s3Client());
        Engine.Builder b = Engine.builder()
                .taskInvoker(new TwinTaskInvoker(twin.lambdas(), twin.mapper()))
                .itemReaderSource(store).resultWriterSink(store)
                .waitTimeScale(waitTimeScale)
                .arnParts(LocalTwin.REGION, LocalTwin.ACCOUNT)
                .listener(progress);
        if (twin.journalDir() != null) {
            b.journal(twin.journalDir());
        }
        return b.build();
    }

    /** {@code --resume}: restores the data directory's journal and follows the executions that were RUNNING. */
    private int resume(Path home) throws IOException {
        if (ephemeral) {
            throw new UserError("--resume needs a data directory: an --ephemeral twin keeps no journal to resume from");
        }
        Path dir = dataDir != null ? dataDir.toAbsolutePath() : home.resolve(".etl");
        if (!Files.isDirectory(dir.resolve("journal"))) {
            throw new UserError("--resume: there is no execution journal in " + dir.resolve("journal")
                    + "; give the --data-dir of the twin that was running the executions");
        }
        try (LocalTwin twin = startTwin(home, dir)) {
            Progress progress = new Progress(System.err, System.console() != null);
            Engine engine = engine(twin, progress);
            java.util.List<Execution> running = engine.resumeAll().stream()
                    .filter(e -> e.status() == ExecutionStatus.RUNNING).toList();
            if (running.isEmpty()) {
                throw new UserError("--resume: no execution was RUNNING in " + twin.journalDir()
                        + "; nothing to resume (see 'etl executions' for the ended ones)");
            }
            int code = ExitCodes.OK;
            for (Execution execution : running) {
                System.err.printf("etl: resuming %s on the local twin%n", execution.name());
                code = Math.max(code, follow(execution, progress, twin, home));
            }
            return code;
        }
    }

    /** Follows an execution to its end with the progress line, prints the summary and DescribeExecution's JSON. */
    private static int follow(Execution execution, Progress progress, LocalTwin twin, Path home) throws IOException {
        while (!execution.await(Duration.ofMillis(250))) {
            progress.tick();
        }
        progress.finish();
        Summary.print(execution, System.err);
        if (progress.firstChildFailure() != null) {
            System.err.println("  first failed chunk: " + Summary.readableCause(progress.firstChildFailure()));
        }
        if (twin.functionLogFile() != null) {
            System.err.println("  logs         " + home.relativize(twin.functionLogFile()));
        }
        long[] chaos = twin.lambdas().chaos().counts();
        if (chaos[1] > 0) {
            System.err.printf("  chaos        %d of %d Lambda invocations failed by --chaos%n", chaos[1], chaos[0]);
        }
        System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(execution.describe()));
        return execution.status() == ExecutionStatus.SUCCEEDED ? ExitCodes.OK : ExitCodes.UNSUCCESSFUL;
    }

    private static ObjectNode readInput(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (IOException e) {
            throw new UserError("--input is neither an existing file nor valid JSON (" + e.getMessage().lines().findFirst().orElse("")
                    + "); give a file like samples/orders/input.json or a JSON object");
        }
        if (node == null || !node.isObject()) {
            throw new UserError("--input must be a JSON object like {\"dataset\": \"orders.spec.json\", \"source\": \"orders.csv\"}");
        }
        for (String field : new String[] {"dataset", "source"}) {
            if (!node.path(field).isTextual() || node.path(field).asText().isBlank()) {
                throw new UserError("--input: '" + field + "' is missing or not a string; set it to an s3:// URI or a local path"
                        + " (relative to the input file)");
            }
        }
        return (ObjectNode) node;
    }

    private static Path existing(Path p, String field, String given, Path base) {
        if (!Files.exists(p)) {
            throw new UserError("--input: '" + field + "' is '" + given + "', but " + p + " does not exist (local paths are"
                    + " relative to " + base + "); fix the path or give an s3:// URI");
        }
        return p;
    }

    private static String defaultName() {
        String time = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT));
        return "run-" + time + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    }
}
