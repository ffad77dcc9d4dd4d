package io.sfnetl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.StateMachine;
import io.sfnetl.cli.ExitCodes.UserError;
import io.sfnetl.etl.errors.InvalidSpec;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.local.api.SfnClients;
import io.sfnetl.local.services.LocalServices;
import io.sfnetl.local.workflow.ExecutionInputSchema;
import io.sfnetl.local.twin.LocalTwin;
import io.sfnetl.local.twin.Progress;
import io.sfnetl.local.twin.TwinServer;
import io.sfnetl.local.twin.TwinState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

/**
 * {@code etl start}: runs the ETL state machine through the Step Functions API ({@link SfnClients}): on the running
 * twin ({@code etl local up}) if there is one, else on a twin started in-process for this command, or on AWS with
 * {@code --aws}. Uploads local spec and data files to the bucket first, deploys the definition (twin only), starts the
 * execution, follows it with a progress line on stderr, prints a summary on stderr and the DescribeExecution result on
 * stdout.
 */
@Command(name = "start", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start the ETL state machine and follow it to the end.",
                "Runs on the local twin: the one 'etl local up' runs (found through <data-dir>/twin.json), else one "
                        + "started inside this command; on AWS with --aws.",
                "The input's 'dataset' (spec) and 'source' (file or directory) may be local paths, relative to the "
                        + "input file; they are uploaded to the bucket first. S3 URIs are used as they are."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./etl start --input samples/orders/input.json",
                "  ./etl start --input '{\"dataset\":\"s3://sfn-etl-data/specs/o.spec.json\",\"source\":\"s3://sfn-etl-data/in/\"}'",
                "  ./etl start --input samples/orders/input.json --no-wait      (needs 'etl local up')",
                "  ./etl start --input in.json --aws --region eu-west-1 --bucket my-data-bucket",
                "Exit codes: 0 succeeded, 1 the execution failed/timed out/was aborted, 2 a usage or input problem."})
public final class StartCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--input", description = "Execution input: a JSON file or a JSON literal (required unless --resume).")
    String input;

    @Option(names = "--name", description = "Execution name, also the run id unless the input sets runId (default: run-<UTC time>-<random>).")
    String name;

    @Option(names = "--no-wait", description = "Print the StartExecution result and return; the execution goes on in "
            + "the running twin ('etl local up') or on AWS.")
    boolean noWait;

    @Mixin
    Target target;

    @Option(names = "--bucket", description = "With --aws: the stack's data bucket (output DataBucketName), where local "
            + "paths of the input are uploaded.")
    String bucket;

    @Option(names = "--ephemeral", description = "Twin started by this command: keep everything in memory; nothing is written under .etl/.")
    boolean ephemeral;

    @Option(names = "--definition", description = "The ASL definition deployed to the twin (default: statemachine/etl.asl.json).")
    Path definition;

    @Option(names = "--lambda-timeout-scale", defaultValue = "1",
            description = "Twin started by this command: multiplies every function timeout (and the stages' safety margin), to exercise the 15-minute logic in seconds (default: ${DEFAULT-VALUE}).")
    double lambdaTimeoutScale;

    @Option(names = {"-v", "--verbose"}, description = "Twin started by this command: also show the functions' JSON "
            + "log lines on stderr (they are always kept in <data-dir>/logs/functions.log).")
    boolean verbose;

    @Option(names = "--wait-time-scale", defaultValue = "1", description = "Twin started by this command: multiplies Wait and Retry delays; 0 makes them instant (default: ${DEFAULT-VALUE}).")
    double waitTimeScale;

    // --- durability options (docs/durability.md) ---
    @Option(names = "--resume", description = {"Twin in this command: resume the executions that were RUNNING when the "
            + "twin using this data directory died (killed, crashed): each continues from its last completed state; "
            + "Distributed Map children that ended keep their results. No --input. See docs/durability.md."})
    boolean resume;

    @Option(names = "--chaos", paramLabel = "rate=R,errors=E1|E2[,seed=N]",
            description = {"Twin started by this command: a share R (0-1) of Lambda invocations fails before the "
                    + "handler runs with one of the errors (default Lambda.ServiceException), as the Lambda service "
                    + "would; e.g. rate=0.05,errors=Lambda.ServiceException,seed=7."})
    String chaos;

    @Option(names = "--isolation", defaultValue = "in-process", paramLabel = "in-process|process",
            description = {"Twin started by this command: in-process (default) runs the handlers in this JVM; process "
                    + "runs each function container in its own JVM with -Xmx from its memory size (slower)."})
    String isolation;

    private Durability durability;

    @Override
    public Integer call() throws Exception {
        Path home = Home.dir();
        durability = new Durability(chaos, isolation, verbose);
        if (resume) {
            if (ephemeral || target.aws) {
                throw new UserError("--resume continues the executions journaled in a local data directory; it "
                        + "cannot be combined with --ephemeral or --aws");
            }
            return durability.resume(home, target.stateDir(home), lambdaTimeoutScale, waitTimeScale);
        }
        if (input == null) {
            throw new UserError("--input is required: give the execution input as a file like "
                    + "samples/orders/input.json or a JSON object (or --resume after a crash)");
        }
        Path inputFile = Path.of(input);
        boolean isFile = Files.isRegularFile(inputFile);
        Path base = isFile ? inputFile.toAbsolutePath().getParent() : Path.of("").toAbsolutePath();
        ObjectNode in = readInput(input);
        if (target.aws && definition != null) {
            throw new UserError("--definition deploys to the local twin only; on AWS the stack deploys the definition "
                    + "(npx cdk deploy)");
        }
        Path def = definition != null ? definition : home.resolve("statemachine/etl.asl.json");
        String definitionJson = target.aws ? null : RunCommand.read(def, "--definition");

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
        if (target.aws && (localSpec != null || sourcePath != null) && bucket == null) {
            throw new UserError("with --aws, local paths in the input are uploaded to the stack's data bucket: pass "
                    + "--bucket NAME (the stack output DataBucketName), or give s3:// URIs");
        }
        checkAgainstSchema(home, in);

        try (Target.Connection c = connect(home)) {
            String uploadBucket = c.isAws() ? bucket : c.twin().dataBucket();
            if (localSpec != null || sourcePath != null) {
                try (S3Client s3 = c.isAws() ? awsS3() : LocalServices.s3Client(c.twin().s3())) {
                    if (localSpec != null) {
                        in.put("dataset", LocalTwin.upload(s3, uploadBucket, base.resolve(dataset), "specs"));
                    }
                    if (sourcePath != null) {
                        String prefix = "incoming/" + (localSpec != null ? localSpec.dataset() : "data");
                        in.put("source", LocalTwin.upload(s3, uploadBucket, sourcePath, prefix));
                    }
                }
            }
            String machineArn = c.stateMachineArn();
            if (!c.isAws()) {
                String deployed = StateMachine.parse(definitionJson, c.twin().substitutions()).json();
                c.sfn().updateStateMachine(b -> b.stateMachineArn(machineArn).definition(deployed));
            }
            String executionName = name != null ? name : defaultName();
            System.err.printf("etl: starting %s on %s%n", executionName, where(c, home));
            StartExecutionResponse started = c.sfn().startExecution(b -> b.stateMachineArn(machineArn)
                    .name(executionName).input(in.toString()));
            if (noWait) {
                System.out.println(SdkJson.print(started));
                System.err.println("etl: follow it with './etl describe " + executionName + "' or './etl history "
                        + executionName + "'" + (c.isAws() ? " --aws" : ""));
                return ExitCodes.OK;
            }
            Progress progress = new Progress(System.err, System.console() != null);
            // AWS throttles GetExecutionHistory and friends (a few calls/s per account): poll it less often
            Follower follower = new Follower(c.sfn(), started.executionArn(), progress,
                    Duration.ofMillis(c.isAws() ? 2000 : 250));
            DescribeExecutionResponse done = follower.follow();
            Summary.print(done, System.err);
            durability.printChaos(System.err);
            if (follower.firstChildFailure() != null) {
                System.err.println("  first failed chunk: " + Summary.readableCause(follower.firstChildFailure()));
            }
            if (c.isAws()) {
                String region = done.executionArn().split(":")[3];
                System.err.println("  console      https://" + region + ".console.aws.amazon.com/states/home?region="
                        + region + "#/v2/executions/details/" + done.executionArn());
            } else if (c.twin().dataDir() != null) {
                System.err.println("  logs         " + Path.of(c.twin().dataDir()).resolve("logs/functions.log"));
            }
            System.out.println(SdkJson.print(done));
            return done.status() == ExecutionStatus.SUCCEEDED ? ExitCodes.OK : ExitCodes.UNSUCCESSFUL;
        }
    }

    /** AWS, the running twin, or (unless --no-wait) a twin started here that ends with this command. */
    private Target.Connection connect(Path home) {
        if (target.aws) {
            return target.connect(home);
        }
        Optional<TwinState> running = ephemeral ? Optional.empty() : target.runningTwin(home);
        if (running.isPresent()) {
            if (lambdaTimeoutScale != 1 || waitTimeScale != 1 || chaos != null || !"in-process".equals(isolation)) {
                throw new UserError("--lambda-timeout-scale, --wait-time-scale, --chaos and --isolation shape the twin, and a twin is "
                        + "already running (pid " + running.get().pid() + "): pass them to 'etl local up', or stop "
                        + "that twin (Ctrl-C) to let this command start its own");
            }
            return target.connect(home);
        }
        if (noWait) {
            throw new UserError("--no-wait needs a long-lived twin, and none is running for " + target.stateDir(home)
                    + ": start one with './etl local up' in another terminal (an execution started in-process would "
                    + "die with this command), or drop --no-wait");
        }
        Path dir = ephemeral ? null : target.stateDir(home);
        TwinServer twin = TwinServer.start(new TwinServer.Options(new LocalTwin.Options(home, dir, lambdaTimeoutScale,
                durability.isolation()), 0, waitTimeScale, null, null));
        if (verbose) {
            twin.twin().logFunctionsTo(System.err);
        }
        durability.apply(twin.twin());
        return Target.Connection.inProcess(SfnClients.local(twin.server().endpoint()), twin.state(), twin);
    }

    private S3Client awsS3() {
        var b = S3Client.builder();
        if (target.region != null) {
            b.region(Region.of(target.region));
        }
        if (target.profile != null) {
            b.credentialsProvider(software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider.create(target.profile));
        }
        return b.build();
    }

    private static String where(Target.Connection c, Path home) {
        if (c.isAws()) {
            return "AWS (" + c.stateMachineArn() + ")";
        }
        TwinState t = c.twin();
        return "the local twin (API " + t.stepFunctions() + ", S3 " + t.s3() + ", DynamoDB " + t.dynamoDb()
                + (t.dataDir() == null ? ", in memory" : ", data in " + relative(home, Path.of(t.dataDir()))) + ")";
    }

    private static Path relative(Path home, Path p) {
        return p.startsWith(home) ? home.relativize(p) : p;
    }

    private static ObjectNode readInput(String input) {
        JsonNode node = RunCommand.jsonArgument("--input", input,
                "samples/orders/input.json: {\"dataset\": \"orders.spec.json\", \"source\": \"orders.csv\"}");
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

    /**
     * Checks the input against statemachine/input.schema.json before anything starts. Local paths in 'dataset' and
     * 'source' are checked as the S3 URIs they are uploaded to.
     */
    private static void checkAgainstSchema(Path home, ObjectNode in) {
        ObjectNode asStarted = in.deepCopy();
        for (String field : new String[] {"dataset", "source"}) {
            String v = in.path(field).asText();
            if (!v.startsWith("s3://")) {
                asStarted.put(field, "s3://" + LocalTwin.DATA_BUCKET + "/uploaded/" + Path.of(v).getFileName());
            }
        }
        ExecutionInputSchema schema = ExecutionInputSchema.load(home);
        java.util.List<String> problems = schema.problems(asStarted);
        if (!problems.isEmpty()) {
            throw new UserError("--input does not match the execution input schema " + ExecutionInputSchema.FILE
                    + " (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + "):\n  "
                    + String.join("\n  ", problems) + "\nSee statemachine/README.md for each field.");
        }
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
